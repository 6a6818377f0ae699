"""Vroegsignalering review and export, and the ERP files (lists and downloads). Thin views: the rules are
in casework.early_signals and casework.erp_export."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from nabij.casework import early_signals
from nabij.casework.early_signals import log_system_export
from nabij.casework.erp_export import make_erp_export
from nabij.casework.models import EarlySignalExport, ErpExport
from nabij.core import clock
from nabij.core.csvfiles import csv_bytes
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import EXPORT_ERP, REVIEW_EARLY_SIGNAL
from nabij.privacy.services import log_access
from nabij.tenants.models import Tenancy

PAGE_SIZE = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(text), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_permission(REVIEW_EARLY_SIGNAL)
@require_GET
def early_signal_list(request):
    """Candidates (all four conditions met) to approve, tenancies still missing a step, and what waits to
    be sent per municipality."""
    rows = early_signals.candidates()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina") or 1)
    log_access(request, AccessLogEntry.Action.SEARCH, what="early signal candidates", result_count=len(rows))
    context = {
        "page": page,
        "pending": early_signals.pending_by_municipality(),
        "exports": EarlySignalExport.objects.select_related("created_by")[:10],
        "window": early_signals.day_window(),
        "min_months": settings.NABIJ_EARLY_SIGNAL_MIN_MONTHS,
    }
    return render(request, "casework/early_signals.html", context)


@require_permission(REVIEW_EARLY_SIGNAL)
@require_POST
def early_signal_review(request):
    tenancy_id = request.POST.get("tenancy", "")
    tenancy = get_object_or_404(Tenancy, pk=tenancy_id) if tenancy_id.isdigit() else None
    if tenancy is None:
        messages.error(request, _("Kies een huurcontract uit de lijst."))
        return redirect("casework:early_signals")
    approve = request.POST.get("besluit") == "goedkeuren"
    try:
        early_signals.review(tenancy, approve=approve, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("casework:early_signals")
    log_access(
        request, AccessLogEntry.Action.VIEW, what="early signal review", household_id=tenancy.household_id
    )
    messages.success(
        request,
        _("Vroegsignaal goedgekeurd.")
        if approve
        else _("Vroegsignaal afgewezen: er gaat niets naar de gemeente."),
    )
    return redirect("casework:early_signals")


@require_permission(REVIEW_EARLY_SIGNAL)
@require_POST
def early_signal_export(request):
    """The file for one municipality's platform (CSV, allowed fields only). Logged as an export."""
    municipality = request.POST.get("gemeente", "").strip()
    fmt = "xlsx" if request.POST.get("formaat") == "xlsx" else "csv"
    try:
        export, content = early_signals.export_for_municipality(
            municipality, actor=request.user, request=request, fmt=fmt
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("casework:early_signals")
    slug = "".join(ch for ch in municipality.lower() if ch.isalnum()) or "gemeente"
    name = f"vroegsignalering-{slug}-{timezone.localdate(export.created_at):%Y%m%d}-{export.pk}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return _csv_response(content, name)


@require_permission(EXPORT_ERP)
@require_GET
def erp_exports(request):
    page = Paginator(ErpExport.objects.select_related("created_by").defer("content"), PAGE_SIZE).get_page(
        request.GET.get("pagina") or 1
    )
    log_access(request, AccessLogEntry.Action.SEARCH, what="erp exports", result_count=page.paginator.count)
    return render(request, "casework/erp_exports.html", {"page": page, "now": clock.now()})


@require_permission(EXPORT_ERP)
@require_POST
def erp_export_now(request):
    """Make a file now (the scheduled task makes one every day)."""
    export = make_erp_export(actor=request.user)
    messages.success(
        request,
        ngettext("ERP-bestand gemaakt: %(n)s regel.", "ERP-bestand gemaakt: %(n)s regels.", export.rows)
        % {"n": export.rows},
    )
    return redirect("casework:erp_exports")


@require_permission(EXPORT_ERP)
@require_GET
def erp_export_download(request, pk):
    export = get_object_or_404(ErpExport, pk=pk)
    log_system_export("erp export download", rows=export.rows, request=request)
    return _csv_response(export.content, export.filename)
