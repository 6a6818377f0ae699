from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import IMPORT_DATA, VIEW_DATA_STATUS, VIEW_HOUSEHOLD, VIEW_REACHABILITY
from nabij.privacy.services import log_access
from nabij.tenants import extensions, selectors, services
from nabij.tenants.forms import SearchForm
from nabij.tenants.models import Household, ImportRun


@require_permission(VIEW_HOUSEHOLD)
@require_http_methods(["GET", "POST"])
def search(request):
    """Search by name, postcode + house number or tenancy number.

    The query travels in a POST body, never in the URL, so names and postcodes stay out of
    browser history and server logs. Paging is a POST too.
    """
    form = SearchForm(request.POST or None)
    context = {"form": form, "searched": False}
    if request.method == "POST" and form.is_valid():
        outcome = selectors.search_households(form.cleaned_data["q"])
        page = Paginator(outcome.households, settings.NABIJ_SEARCH_PAGE_SIZE).get_page(
            form.cleaned_data.get("page") or 1
        )
        page.object_list = selectors.search_rows(list(selectors.with_search_details(page.object_list)))
        log_access(
            request,
            AccessLogEntry.Action.SEARCH,
            what=f"search by {outcome.kind}",
            result_count=page.paginator.count,
        )
        context.update(searched=True, page=page, kind=outcome.kind)
    template = "tenants/_results.html" if request.htmx else "tenants/search.html"
    return render(request, template, context)


@require_permission(VIEW_HOUSEHOLD)
@require_http_methods(["GET"])
def household_detail(request, key):
    household = get_object_or_404(Household, key=key)
    log_access(
        request,
        AccessLogEntry.Action.VIEW,
        what="tenant 360",
        household_id=household.id,
    )
    record = selectors.household_record(household)
    context = {"record": record}
    for slot in ("overview", "follow_up"):
        context[f"{slot}_panels"] = [
            (panel.template, panel.context(request, household)) for panel in extensions.panels(slot)
        ]
    return render(request, "tenants/household.html", context)


@require_permission(VIEW_DATA_STATUS)
@require_http_methods(["GET"])
def data_status(request):
    """What Nabij holds (counts only) and the history of imports, for functional administrators.

    While an import waits or runs, the list of imports refreshes itself (HTMX) until it is done.
    """
    runs = Paginator(ImportRun.objects.select_related("started_by"), 20).get_page(request.GET.get("pagina"))
    context = {
        "runs": runs,
        "pending": any(run.status in PENDING for run in runs),
        "can_import": request.user.has_perm(IMPORT_DATA),
    }
    if request.htmx and request.GET.get("deel") == "imports":
        if not context["pending"]:
            # The import the page was waiting for is done: reload it whole so the counts are fresh too.
            return HttpResponseClientRefresh()
        return render(request, "tenants/_import_runs.html", context)
    context["counts"] = selectors.data_counts()
    return render(request, "tenants/data_status.html", context)


PENDING = (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)


@require_permission(IMPORT_DATA)
@require_http_methods(["POST"])
def upload_import(request):
    """Upload VERA files; the background worker imports them (all or nothing)."""
    try:
        services.queue_import(request.FILES.getlist("bestanden"), request.user)
    except services.UploadRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("De bestanden staan klaar voor import. Deze pagina laat zien wanneer de import klaar is."),
        )
    return redirect("tenants:data_status")


@require_permission(VIEW_REACHABILITY)
@require_http_methods(["GET"])
def reachability(request):
    """Digital reachability: per neighbourhood, the share of households with a verified e-mail address or
    mobile number (aggregates only; fewer than 10 households show "<10")."""
    return render(request, "tenants/reachability.html", {"reach": selectors.digital_reachability()})
