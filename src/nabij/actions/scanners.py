"""How likely a GET of a link came from a mail scanner or link preview rather than the tenant.

Three hints, each configurable (docs/one-tap.md): the link was fetched within NABIJ_SCANNER_SECONDS of being
made or sent; the user agent looks like a bot, preview or headless browser; the client address is in one of
the known scanner networks (NABIJ_SCANNER_NETWORKS, CIDR). The result is only a note for statistics: a GET
never registers anything, whoever sends it.
"""

import re

from django.conf import settings

from nabij.core.networks import in_networks

AGENT_RE = re.compile(
    r"bot\b|bot/|crawler|spider|preview|scanner|scan\b|headless|phantom|python|curl|wget|httpx|aiohttp|"
    r"go-http|okhttp|java/|libwww|safelinks|proofpoint|mimecast|barracuda|symantec|forcepoint|"
    r"facebookexternalhit|whatsapp|telegram|slack|discord|skype|microsoft office|ms-office|outlook",
    re.IGNORECASE,
)


def in_scanner_network(ip: str | None) -> bool:
    return in_networks(ip, settings.NABIJ_SCANNER_NETWORKS)


def scanner_reasons(*, seconds_since_sent: int | None, user_agent: str, ip: str | None) -> list[str]:
    reasons = []
    if seconds_since_sent is not None and seconds_since_sent < settings.NABIJ_SCANNER_SECONDS:
        reasons.append("snel")
    if not user_agent or AGENT_RE.search(user_agent):
        reasons.append("agent")
    if in_scanner_network(ip):
        reasons.append("netwerk")
    return reasons
