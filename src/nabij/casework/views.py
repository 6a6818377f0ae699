"""Casework pages: team queue, "mijn zaken", volgende zaak, bulk assign and the case page.

Thin views: rules and writes are in casework.services, reads in casework.selectors.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from nabij.casework import selectors, services
from nabij.casework.forms import (
    ArrangementForm,
    AttemptForm,
    CloseForm,
    NoteForm,
    OpenCaseForm,
    PauseForm,
    QueueFilterForm,
    ReferralForm,
    ReferralResultForm,
    StatusForm,
)
from nabij.casework.models import (
    CallScript,
    Case,
    CaseKind,
    CaseOutcome,
    CaseStatus,
    EarlySignalStep,
    Referral,
)
from nabij.casework.teams import ROLE_TEAMS, teams_of
from nabij.contacts.models import Team
from nabij.core import clock
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import ASSIGN_CASE, CHANGE_CASE, VIEW_CASE, VIEW_HOUSEHOLD
from nabij.privacy.services import log_access
from nabij.tenants.models import Household
from nabij.tenants.selectors import current_tenancy, household_tenancies


def _teammates(teams) -> list:
    roles = [role for role, team in ROLE_TEAMS.items() if team in teams]
    return list(User.objects.filter(groups__name__in=roles, is_active=True).distinct().order_by("username"))


def _messages(error: ValidationError) -> list[str]:
    return list(error.messages)


@require_permission(VIEW_CASE)
@require_http_methods(["GET"])
def team_queue(request):
    """A team's open cases (overdue first) with filters; today's callbacks by slot for the KCC."""
    teams = teams_of(request.user)
    if not teams:
        raise PermissionDenied
    teammates = _teammates(teams)
    form = QueueFilterForm(request.GET or None, teams=teams, teammates=teammates)
    filters = form.cleaned_data if form.is_valid() else {}
    team = filters.get("team") or teams[0]
    owner_choice = filters.get("owner") or ""
    owner = None
    if owner_choice == "mij":
        owner = request.user
    elif owner_choice.isdigit():
        owner = next((u for u in teammates if u.pk == int(owner_choice)), None)
    cases = selectors.queue(
        [team],
        kind=filters.get("kind") or "",
        status=filters.get("status") or "",
        owner=owner,
        unowned=owner_choice == "niemand",
    )
    page = Paginator(cases, settings.NABIJ_CASE_PAGE_SIZE).get_page(filters.get("pagina") or 1)
    log_access(
        request,
        AccessLogEntry.Action.SEARCH,
        what="case queue",
        context=team,
        result_count=page.paginator.count,
    )
    query = urlencode({k: v for k, v in filters.items() if v and k != "pagina"})
    filter_values = {"team": team, "kind": "", "status": "", "owner": "", **filters}
    # Hand-written selects in the template: Django's widget templates cost milliseconds per page here.
    context = {
        "filters": [
            {
                "name": name,
                "label": form.fields[name].label,
                "choices": [(str(v), label) for v, label in form.fields[name].choices],
                "value": str(filter_values.get(name) or ""),
            }
            for name in ("team", "kind", "status", "owner")
        ],
        "team": team,
        "team_label": Team(team).label,
        "page": page,
        "query": query,
        "now": clock.now(),
        "callback_groups": selectors.callbacks_today() if team == services.CALLBACK_TEAM else None,
        "can_assign": request.user.has_perm(ASSIGN_CASE),
        "teammates": teammates,
    }
    return render(request, "casework/queue.html", context)


@require_permission(VIEW_CASE)
@require_http_methods(["GET"])
def my_queue(request):
    page = Paginator(selectors.my_cases(request.user), settings.NABIJ_CASE_PAGE_SIZE).get_page(
        request.GET.get("pagina") or 1
    )
    log_access(request, AccessLogEntry.Action.SEARCH, what="my cases", result_count=page.paginator.count)
    return render(request, "casework/mine.html", {"page": page, "now": clock.now()})


@require_permission(CHANGE_CASE)
@require_POST
def take_next(request):
    """ "Volgende zaak": the next unowned case of my team is mine, and opens."""
    team = request.POST.get("team") or None
    try:
        case = services.take_next(request.user, team)
    except ValidationError as error:
        messages.error(request, " ".join(_messages(error)))
        return redirect("casework:queue")
    if case is None:
        messages.info(request, _("Er wachten geen zaken meer in je wachtrij."))
        return redirect("casework:queue")
    return redirect("casework:case", pk=case.pk)


@require_permission(ASSIGN_CASE)
@require_POST
def bulk_assign(request):
    owner_id = request.POST.get("owner", "")
    ids = request.POST.getlist("zaak")
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = ""
    target = back or "casework:queue"
    owner = User.objects.filter(pk=owner_id, is_active=True).first() if owner_id.isdigit() else None
    if owner is None:
        messages.error(request, _("Kies een behandelaar."))
        return redirect(target)
    if not all(i.isdigit() for i in ids):
        messages.error(request, _("Kies zaken uit de lijst."))
        return redirect(target)
    try:
        result = services.bulk_assign(ids, owner, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_messages(error)))
        return redirect(target)
    messages.success(
        request,
        ngettext(
            "%(n)s zaak toegewezen aan %(name)s.",
            "%(n)s zaken toegewezen aan %(name)s.",
            result.assigned,
        )
        % {"n": result.assigned, "name": owner.get_full_name() or owner},
    )
    return redirect(target)


def _case_for(request, pk, *, change=False) -> Case:
    case = get_object_or_404(Case.objects.select_related("household", "owner", "tenancy"), pk=pk)
    if change and case.team not in teams_of(request.user):
        log_access(request, AccessLogEntry.Action.DENIED, what="case change", household_id=case.household_id)
        raise PermissionDenied
    return case


def _render_case(request, case, *, status=200, **forms_and_errors):
    log_access(request, AccessLogEntry.Action.VIEW, what="case", household_id=case.household_id)
    events = list(case.events.select_related("actor").order_by("-at", "-id"))
    allowed = [s for s in case.allowed_statuses if s != CaseStatus.DONE]
    status_form = forms_and_errors.pop("status_form", None) or StatusForm()
    status_form.fields["status"].choices = [(s, CaseStatus(s).label) for s in allowed]
    context = {
        "case": case,
        "callback": getattr(case, "callback", None) if case.kind == "terugbellen" else None,
        "events": events,
        "now": clock.now(),
        "can_change": case.team in teams_of(request.user) and request.user.has_perm(CHANGE_CASE),
        "can_close": case.is_open and CaseStatus.DONE in case.allowed_statuses,
        "needs_start": case.status == CaseStatus.NEW,
        "status_form": status_form if allowed and case.is_open else None,
        "close_form": forms_and_errors.pop("close_form", None) or CloseForm(),
        "attempt_form": forms_and_errors.pop("attempt_form", None) or AttemptForm(),
        "note_form": forms_and_errors.pop("note_form", None) or NoteForm(),
        "attempts": case.contacts.count(),
        "summary": selectors.household_summary(case.household),
        "pauses": list(case.dunning_pauses.all()),
        **_case_extras(request, case, forms_and_errors),
        **forms_and_errors,
    }
    return render(request, "casework/case.html", context, status=status)


# One-click outcomes under the call script (the outcome closes the case at once).
QUICK_OUTCOMES = [
    CaseOutcome.ARRANGEMENT,
    CaseOutcome.REFERRED,
    CaseOutcome.HELPED,
    CaseOutcome.NO_HELP_NEEDED,
]
SCRIPT_KINDS = {CaseKind.PROACTIVE, CaseKind.PAYMENT_HELP, CaseKind.EARLY_SIGNAL, CaseKind.SIGNAL_FOLLOW_UP}


def _case_extras(request, case, forms_and_errors) -> dict:
    """Call script with recent signals (health masked without the permission), arrangements, dunning
    pause, referrals and the vroegsignalering steps of the case page."""
    from nabij.contacts.selectors import household_activity

    extras: dict = {}
    if case.kind in SCRIPT_KINDS and request.user.has_perm(VIEW_HOUSEHOLD):
        activity = household_activity(case.household, viewer=request.user, limit=0, signal_limit=5)
        if activity.special_shown:
            log_access(
                request, AccessLogEntry.Action.VIEW, what="health signal", household_id=case.household_id
            )
        extras["script"] = CallScript.objects.filter(kind=case.kind).first()
        extras["script_signals"] = activity.active_signals
        extras["quick_outcomes"] = [(o, CaseOutcome(o).label) for o in QUICK_OUTCOMES]
    extras["arrangements"] = list(case.arrangements.all())
    extras["can_arrange"] = (
        case.is_open
        and case.tenancy_id is not None
        and case.kind in services.ARRANGEMENT_KINDS
        and Team.COLLECTION in teams_of(request.user)
    )
    extras.setdefault("arrangement_form", forms_and_errors.pop("arrangement_form", None) or ArrangementForm())
    extras["active_pause"] = selectors.active_dunning_pause(case.tenancy) if case.tenancy_id else None
    extras["referrals"] = list(case.referrals.select_related("partner"))
    extras["referral_form"] = forms_and_errors.pop("referral_form", None) or ReferralForm()
    extras["result_form"] = ReferralResultForm()
    if case.tenancy_id and case.kind in (CaseKind.PAYMENT_HELP, CaseKind.PROACTIVE, CaseKind.EARLY_SIGNAL):
        extras["early_steps"] = list(
            EarlySignalStep.objects.filter(tenancy_id=case.tenancy_id).values_list("kind", flat=True)
        )
        extras["early_step_kinds"] = EarlySignalStep.Kind.choices
    return extras


@require_permission(VIEW_CASE)
@require_http_methods(["GET"])
def case_detail(request, pk):
    return _render_case(request, _case_for(request, pk))


def _post(request, pk, form_class, form_name, action):
    case = _case_for(request, pk, change=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as error:
            return _render_case(
                request, case, status=400, **{form_name: form, f"{form_name}_errors": _messages(error)}
            )
        return redirect("casework:case", pk=case.pk)
    errors = [m for messages_ in form.errors.values() for m in messages_]
    return _render_case(request, case, status=400, **{form_name: form, f"{form_name}_errors": errors})


@require_permission(CHANGE_CASE)
@require_POST
def change_status(request, pk):
    def action(case, data):
        services.change_status(case, data["status"], actor=request.user, note=data["note"])
        messages.success(request, _("Status gewijzigd."))

    return _post(request, pk, StatusForm, "status_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def close_case(request, pk):
    def action(case, data):
        services.change_status(
            case, CaseStatus.DONE, actor=request.user, outcome=data["outcome"], note=data["note"]
        )
        messages.success(request, _("Zaak afgerond."))

    return _post(request, pk, CloseForm, "close_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def log_attempt(request, pk):
    def action(case, data):
        services.log_attempt(
            case,
            request.user,
            channel=data["channel"],
            direction=data["direction"],
            outcome=data["outcome"],
            note=data["note"],
        )
        messages.success(request, _("Contactpoging vastgelegd."))

    return _post(request, pk, AttemptForm, "attempt_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def add_note(request, pk):
    def action(case, data):
        services.add_note(case, data["text"], actor=request.user)
        messages.success(request, _("Notitie opgeslagen."))

    return _post(request, pk, NoteForm, "note_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def take_case(request, pk):
    """Take this case myself ("mine"), or give it back to the team queue ("release")."""
    case = _case_for(request, pk, change=True)
    try:
        if request.POST.get("actie") == "teruggeven":
            services.release(case, request.user)
            messages.success(request, _("De zaak staat weer in de wachtrij."))
        else:
            services.take(case, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_messages(error)))
    return redirect("casework:case", pk=case.pk)


@require_permission(CHANGE_CASE)
@require_POST
def open_for_household(request, key):
    """ "Nieuwe zaak" on the tenant 360: open a case for this household and go to it."""
    household = get_object_or_404(Household, key=key)
    form = OpenCaseForm(request.POST)
    back = reverse("tenants:household", args=[household.key])
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(back)
    today = clock.today()
    try:
        case = services.open_case(
            household=household,
            tenancy=current_tenancy(household_tenancies(household, today), today),
            kind=form.cleaned_data["kind"],
            team=form.cleaned_data["team"],
            source="medewerker",
            summary=form.cleaned_data["summary"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(_messages(error)))
        return redirect(back)
    messages.success(request, _("Zaak aangemaakt."))
    return redirect("casework:case", pk=case.pk)


@require_permission(CHANGE_CASE)
@require_POST
def record_arrangement(request, pk):
    """Betaalhulp → arrangement: the rent-collection team records what was proposed or agreed."""

    def action(case, data):
        services.record_arrangement(
            case,
            status=data["status"],
            instalment_count=data["instalment_count"],
            instalment_cents=int(data["instalment"] * 100),
            start_date=data["start_date"],
            actor=request.user,
        )
        messages.success(request, _("Betalingsregeling vastgelegd."))

    return _post(request, pk, ArrangementForm, "arrangement_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def dunning_pause(request, pk):
    """Start, extend or end the tenancy's dunning pause from the case page."""

    def action(case, data):
        if case.tenancy_id is None:
            raise ValidationError({"case": [_("Deze zaak heeft geen huurcontract.")]})
        running = selectors.active_dunning_pause(case.tenancy)
        days = data.get("days")
        if data["action"] == "start":
            services.start_dunning_pause(
                tenancy=case.tenancy,
                reason=str(CaseKind(case.kind).label),
                case=case,
                days=days,
                actor=request.user,
            )
            messages.success(request, _("Incassostop gestart."))
        elif running is None:
            raise ValidationError({"until": [_("Er loopt geen incassostop.")]})
        elif data["action"] == "verlengen":
            services.extend_dunning_pause(running, days=days, actor=request.user)
            if running.case_id != case.pk:
                services.add_note(case, _("Incassostop verlengd"), actor=request.user)
            messages.success(request, _("Incassostop verlengd."))
        else:
            services.end_dunning_pause(running, actor=request.user)
            messages.success(request, _("Incassostop beëindigd."))

    return _post(request, pk, PauseForm, "pause_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def refer(request, pk):
    """A warm hand-over to a partner with the tenant's recorded consent."""

    def action(case, data):
        services.refer(
            case,
            partner=data["partner"],
            consent_given_by=data["consent_given_by"],
            consent_purpose=data["consent_purpose"],
            handover_note=data["handover_note"],
            actor=request.user,
        )
        messages.success(request, _("Doorverwijzing vastgelegd."))

    return _post(request, pk, ReferralForm, "referral_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def referral_result(request, pk, referral):
    def action(case, data):
        item = get_object_or_404(Referral, pk=referral, case=case)
        services.record_referral_result(
            item, status=data["status"], result_note=data["result_note"], actor=request.user
        )
        messages.success(request, _("Resultaat van de doorverwijzing opgeslagen."))

    return _post(request, pk, ReferralResultForm, "result_form", action)


@require_permission(CHANGE_CASE)
@require_POST
def early_signal_step(request, pk):
    """Vroegsignalering: "Gewezen op schuldhulp" (b) or "Bezwaar tegen melding" (d), on the case page."""
    from nabij.casework import early_signals

    case = _case_for(request, pk, change=True)
    kind = request.POST.get("stap", "")
    if case.tenancy_id is None or kind not in EarlySignalStep.Kind.values:
        messages.error(request, _("Kies een stap; de zaak moet een huurcontract hebben."))
        return redirect("casework:case", pk=case.pk)
    early_signals.record_step(case.tenancy, kind, actor=request.user, case=case)
    messages.success(request, _("Vastgelegd: %(step)s.") % {"step": EarlySignalStep.Kind(kind).label})
    return redirect("casework:case", pk=case.pk)
