from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import VIEW_ACCESS_LOG


@require_permission(VIEW_ACCESS_LOG)
@require_GET
def access_log(request):
    entries = AccessLogEntry.objects.select_related("user")
    action = request.GET.get("actie", "")
    if action in AccessLogEntry.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "privacy/access_log.html",
        {"page": page, "actions": AccessLogEntry.Action.choices, "action": action},
    )
