"""The permission check every staff view goes through."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from nabij.privacy.models import AccessLogEntry
from nabij.privacy.services import log_access


def require_permission(permission: str):
    """Anonymous users go to the login page; logged-in users without `permission` get a 403,
    and the refused attempt is written to the access log."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                log_access(request, AccessLogEntry.Action.DENIED, what=request.resolver_match.view_name)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
