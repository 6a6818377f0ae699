"""The permission checks. Every staff view goes through `require_permission`; the services and selectors
those views call check again with `ensure` (defence in depth: a view that forgot its decorator, a template
that shows too much, or another app calling the service still meets the check)."""

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


def ensure(user, permission: str) -> None:
    """Raise PermissionDenied unless `user` has `permission`.

    `user` None is the system itself (an import, the background worker, the demo generator): it acts on
    behalf of the corporation, not of a person, and is not checked here.
    """
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied


def may(user, permission: str) -> bool:
    """True when `user` has `permission` (None, the system itself, may)."""
    return user is None or user.has_perm(permission)
