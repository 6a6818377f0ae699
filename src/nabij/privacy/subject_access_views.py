"""The privacy officer's pages: subject access (art. 15), erasure with four eyes (art. 17), retention.

Thin views: the work is in `subject_access`, `erasure` and `retention`; households are found through the
registry's directory (tenants registers it), so `privacy` imports no other app. Every page that shows or
exports a household's data is written to the access log.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nabij.core import clock
from nabij.privacy import erasure, registry, retention, subject_access
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry, ErasureRequest, RetentionRun
from nabij.privacy.roles import CONFIRM_ERASURE, REQUEST_ERASURE, SUBJECT_ACCESS, VIEW_RETENTION
from nabij.privacy.services import log_access

CONTEXT = "privacy officer"


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Naam, postcode met huisnummer, of huurcontractnummer"), max_length=100, strip=True
    )


class ErasureRequestForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reden"), choices=ErasureRequest.Reason.choices)
    reference = forms.CharField(
        label=gettext_lazy("Kenmerk van het verzoek"),
        help_text=gettext_lazy("Je eigen nummer voor het verzoek, bijvoorbeeld AVG-2026-014. Geen namen."),
        max_length=erasure.REFERENCE_MAX,
        required=False,
    )


def _subject_or_404(key) -> registry.Subject:
    subject = registry.directory().by_key(key)
    if subject is None:
        raise Http404
    return subject


@require_permission(SUBJECT_ACCESS)
@require_http_methods(["GET", "POST"])
def search(request):
    """Pick one household. The search travels in a POST body, never in the URL."""
    form = SubjectSearchForm(request.POST or None)
    subjects = None
    if request.method == "POST" and form.is_valid():
        subjects = registry.directory().search(form.cleaned_data["q"])
        log_access(
            request,
            AccessLogEntry.Action.SEARCH,
            what="subject access search",
            context=CONTEXT,
            result_count=len(subjects),
        )
    return render(request, "privacy/subject_access/search.html", {"form": form, "subjects": subjects})


@require_permission(SUBJECT_ACCESS)
@require_GET
def household(request, key):
    """What Nabij holds about one household (counts per data class), the download, and erasure."""
    subject = _subject_or_404(key)
    log_access(
        request, AccessLogEntry.Action.VIEW, what="subject access", household_id=subject.id, context=CONTEXT
    )
    export = subject_access.build_export(subject, request.user)
    return render(
        request,
        "privacy/subject_access/household.html",
        {
            "subject": subject,
            "export": export,
            "requests": erasure.with_tombstones(
                ErasureRequest.objects.filter(household_id=subject.id).select_related(
                    "requested_by", "decided_by"
                )
            ),
            "erasure_form": ErasureRequestForm(),
            "can_request_erasure": request.user.has_perm(REQUEST_ERASURE),
        },
    )


@require_permission(SUBJECT_ACCESS)
@require_POST
def export(request, key):
    """The export as a zip: inzage.html (readable, printable) and inzage.json (machine-readable)."""
    subject = _subject_or_404(key)
    log_access(
        request,
        AccessLogEntry.Action.EXPORT,
        what="subject access export",
        household_id=subject.id,
        context=CONTEXT,
    )
    content = subject_access.export_zip(subject_access.build_export(subject, request.user))
    response = HttpResponse(content, content_type="application/zip")
    # The file name carries the date, not the household: downloads folders are not private.
    response["Content-Disposition"] = f'attachment; filename="inzage-{clock.today():%Y-%m-%d}.zip"'
    return response


@require_permission(REQUEST_ERASURE)
@require_POST
def request_erasure(request, key):
    subject = _subject_or_404(key)
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een reden, en geef een kenmerk van hoogstens 40 tekens."))
        return redirect("privacy:subject_access_household", key=key)
    try:
        erasure.request_erasure(
            request.user, subject.id, form.cleaned_data["reason"], form.cleaned_data["reference"]
        )
    except erasure.ErasureRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("privacy:subject_access_household", key=key)
    log_access(
        request,
        AccessLogEntry.Action.VIEW,
        what="erasure requested",
        household_id=subject.id,
        context=CONTEXT,
    )
    messages.success(
        request, _("Het verwijderverzoek is vastgelegd. Een andere privacy officer moet het bevestigen.")
    )
    return redirect("privacy:erasure_requests")


@require_permission(CONFIRM_ERASURE)
@require_GET
def erasure_requests(request):
    """Requests waiting for a second privacy officer first, then the decided ones. No personal data here:
    the household is shown on its own (logged) page."""
    requests = erasure.with_tombstones(
        ErasureRequest.objects.select_related(
            "requested_by", "decided_by", "lift_requested_by", "lifted_by"
        ).order_by("-status", "-requested_at")
    )
    page = Paginator(requests, 50).get_page(request.GET.get("pagina"))
    rows = []
    for item in page.object_list:
        subject = (
            registry.directory().by_id(item.household_id) if item.status == item.Status.REQUESTED else None
        )
        rows.append((item, subject))
    return render(request, "privacy/subject_access/erasure_requests.html", {"page": page, "rows": rows})


@require_permission(CONFIRM_ERASURE)
@require_POST
def confirm_erasure(request, pk):
    item = get_object_or_404(ErasureRequest, pk=pk)
    try:
        erasure.confirm_erasure(item, request.user)
    except erasure.ErasureRefused as refusal:
        messages.error(request, str(refusal))
    else:
        log_access(
            request,
            AccessLogEntry.Action.VIEW,
            what="erasure confirmed",
            household_id=item.household_id,
            context=CONTEXT,
        )
        messages.success(request, _("De persoonsgegevens van het huishouden zijn verwijderd."))
    return redirect("privacy:erasure_requests")


@require_permission(REQUEST_ERASURE)
@require_POST
def withdraw_erasure(request, pk):
    item = get_object_or_404(ErasureRequest, pk=pk)
    try:
        erasure.withdraw_erasure(item, request.user)
    except erasure.ErasureRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Het verwijderverzoek is ingetrokken. Er is niets verwijderd."))
    return redirect("privacy:erasure_requests")


def _lift_step(request, pk, step, what: str, done: str):
    """One step of lifting an erasure's import block: the service's check, the access log, the message."""
    item = get_object_or_404(ErasureRequest, pk=pk)
    try:
        step(item, request.user)
    except erasure.ErasureRefused as refusal:
        messages.error(request, str(refusal))
    else:
        log_access(
            request, AccessLogEntry.Action.VIEW, what=what, household_id=item.household_id, context=CONTEXT
        )
        messages.success(request, done)
    return redirect("privacy:erasure_requests")


@require_permission(REQUEST_ERASURE)
@require_POST
def request_lift(request, pk):
    """A former tenant returns: ask to let the household be imported again (a colleague confirms)."""
    return _lift_step(
        request,
        pk,
        erasure.request_lift,
        "erasure tombstone lift requested",
        _("Het opheffen is aangevraagd. Een andere privacy officer moet het bevestigen."),
    )


@require_permission(CONFIRM_ERASURE)
@require_POST
def confirm_lift(request, pk):
    return _lift_step(
        request,
        pk,
        erasure.confirm_lift,
        "erasure tombstone lifted",
        _(
            "Het huishouden wordt bij een volgende import weer ingelezen. De oude "
            "huurovereenkomsten en hun boekingen blijven overgeslagen."
        ),
    )


@require_permission(REQUEST_ERASURE)
@require_POST
def withdraw_lift(request, pk):
    return _lift_step(
        request,
        pk,
        erasure.withdraw_lift,
        "erasure tombstone lift withdrawn",
        _("De aanvraag om op te heffen is ingetrokken."),
    )


@require_permission(VIEW_RETENTION)
@require_GET
def retention_runs(request):
    """The retention periods in force and what each run removed."""
    page = Paginator(RetentionRun.objects.select_related("started_by"), 20).get_page(
        request.GET.get("pagina")
    )
    runs = [(run, retention.run_lines(run)) for run in page.object_list]
    return render(
        request,
        "privacy/subject_access/retention.html",
        {
            "page": page,
            "runs": runs,
            "rules": retention.rule_statuses(),
            "unused": retention.unused_periods(),
        },
    )
