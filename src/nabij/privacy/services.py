"""Writing the access log."""

from nabij.core import clock
from nabij.privacy.models import AccessLogEntry


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    request,
    action: str,
    what: str,
    *,
    household_id: int | None = None,
    context: str = "",
    result_count: int | None = None,
) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        at=clock.now(),
        user=request.user,
        action=action,
        household_id=household_id,
        what=what,
        context=context[:100],
        ip_address=client_ip(request),
        result_count=result_count,
    )
