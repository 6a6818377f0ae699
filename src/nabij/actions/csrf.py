"""CSRF protection for the tenant pages, adapted to `Referrer-Policy: no-referrer`.

With no referrer, Chromium and Firefox send `Origin: null` on the page's own form POST, which Django's
origin check refuses. The tenant views are therefore exempt from the global middleware and use this one:
the same check of the CSRF token against the CSRF cookie, the same origin check for any real origin, but an
`Origin: null` is not held against the request (and, being present, skips Django's HTTPS Referer check,
which `no-referrer` would fail anyway; HSTS covers the network attacker that check is for). A page
elsewhere still cannot forge the tap: it cannot read the CSRF cookie, and without the link's token it
cannot even name the URL. A refused request gets the friendly tenant page, not Django's technical 403.
"""

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import decorator_from_middleware


class TenantCsrfViewMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            return True
        return super()._origin_verified(request)

    def _reject(self, request, reason):
        from nabij.actions.views import csrf_failure

        response = csrf_failure(request, reason)
        response.csrf_failure_reason = reason
        return response


tenant_csrf_protect = decorator_from_middleware(TenantCsrfViewMiddleware)
