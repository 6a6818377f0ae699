"""Keep one-tap tokens out of logs. A token in a URL is the key to a tenant's link (whoever has it can tap
for them until it expires), so Django's warnings about tenant pages ("Bad Request: /k/…", "Too Many
Requests: /k/…") and the web server's access log show `/k/…` instead of the token."""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(/k/)[^/\s?#\"']+")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1…", text)


class RedactLinkTokens(logging.Filter):
    """A logging filter (settings.LOGGING, on the handlers) that rewrites the message without tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
