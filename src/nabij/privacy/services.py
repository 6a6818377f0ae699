"""Writing the access log.

Every row says who (the staff member), what (a kind of access and a household id, never the household's
data), when, from where (IP address) and why (the context: the screen, queue or case the access came from).

The why-context is never free text from the URL. It is, in this order:
1. what the calling code passes (`context=`), e.g. the privacy officer's pages;
2. what the page declares: the header `X-Nabij-Context` (HTMX: `hx-headers`) or the POST field
   `nabij_context`, accepted only in the shape of a URL name with an optional number, such as
   "casework:queue#3" or "casework:case#1042" (CONTEXT_PATTERN) — a reference, not personal data;
3. the referring page of the same site, as its URL name plus its first number argument
   ("tenants:search", "casework:case#1042"); a household's key or a query string is never copied.
"""

import ipaddress
import re
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.urls import Resolver404, resolve

from nabij.core import clock
from nabij.core.networks import in_networks
from nabij.privacy.models import AccessLogEntry

CONTEXT_HEADER = "X-Nabij-Context"
CONTEXT_FIELD = "nabij_context"
CONTEXT_PATTERN = re.compile(r"^[a-z][a-z_]{0,40}(:[a-z][a-z_]{0,40})?(#[0-9]{1,12})?$")


def client_ip(request) -> str | None:
    """The client's address: the connection's peer, or, when the peer is the proxy in front of us, the
    address the proxy wrote last into X-Forwarded-For. Trusted proxies: whatever is connected to gunicorn's
    unix socket (docs/operations.md: only nginx can reach it) and the networks in NABIJ_TRUSTED_PROXIES.
    From anyone else the header is ignored: it would let a client write any address into the access log
    and slip past the per-address rate limit and the login lock-out."""
    peer = request.META.get("REMOTE_ADDR") or ""
    if _on_unix_socket(request) or in_networks(peer, settings.NABIJ_TRUSTED_PROXIES):
        forwarded = _address(request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1])
        if forwarded:
            return forwarded
    return _address(peer) or peer or None


def _on_unix_socket(request) -> bool:
    """Whether the request came over gunicorn's unix socket; not merely a missing REMOTE_ADDR, which other
    servers (an ASGI server on a socket, for one) leave out too."""
    connection = request.META.get("gunicorn.socket")
    return connection is not None and connection.family == socket.AF_UNIX


def _address(text: str) -> str | None:
    """A well-formed address in its plain form (an IPv4 address written as IPv6, ::ffff:192.0.2.1, as IPv4,
    so that it counts as the same client); None for anything else."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def _referring_view(request) -> str:
    referer = request.headers.get("Referer", "")
    if not referer:
        return ""
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return "extern"
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ""
    number = next((str(v) for v in match.kwargs.values() if isinstance(v, int)), "")
    return match.view_name + (f"#{number}" if number else "")


def why_context(request) -> str:
    """The access's why-context (see the module's docstring): a URL name, maybe with a number, or ""."""
    declared = request.headers.get(CONTEXT_HEADER, "")
    if not declared and request.method == "POST":
        declared = request.POST.get(CONTEXT_FIELD, "")
    if declared and CONTEXT_PATTERN.match(declared):
        return declared
    return _referring_view(request)


def log_access(
    request,
    action: str,
    what: str,
    *,
    household_id: int | None = None,
    context: str = "",
    result_count: int | None = None,
) -> AccessLogEntry:
    """Write one entry. `what` is a fixed phrase without personal data ("tenant 360", "monitor csv")."""
    user = request.user if request.user.is_authenticated else None
    return AccessLogEntry.objects.create(
        at=clock.now(),
        user=user,
        action=action,
        household_id=household_id,
        what=what[:100],
        context=(context or why_context(request))[:100],
        ip_address=client_ip(request),
        result_count=result_count,
    )


def log_export(
    request, what: str, *, household_id: int | None = None, rows: int | None = None, context: str = ""
) -> AccessLogEntry:
    """Log a download or export (a CSV, a subject-access file, a vroegsignalering file): call it in the view
    that hands the file out. `what` names the export ("monitor csv"), `rows` how many records it holds."""
    return log_access(
        request,
        AccessLogEntry.Action.EXPORT,
        what,
        household_id=household_id,
        context=context,
        result_count=rows,
    )


def log_search(request, what: str, *, results: int, context: str = "") -> AccessLogEntry:
    """Log a search: who searched, when, from where and how many results — never the search terms, which
    are personal data (a name, a postcode). `what` says the kind of search ("search by name")."""
    return log_access(request, AccessLogEntry.Action.SEARCH, what, context=context, result_count=results)


def log_failed_login(sender, credentials, request=None, **kwargs):
    """A failed login, with the account if the user name exists; the typed name itself is not kept (people
    type their password into the wrong field)."""
    if request is None:
        return
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first() if username else None
    AccessLogEntry.objects.create(
        at=clock.now(),
        user=user,
        action=AccessLogEntry.Action.LOGIN_FAILED,
        what="login",
        context="",
        ip_address=client_ip(request),
    )


def connect_receivers() -> None:
    """Called from the app's ready()."""
    user_login_failed.connect(log_failed_login, dispatch_uid="nabij.privacy.failed_login")
