"""The proactive outreach list ("Uitnodigingslijst") with "Maak zaak", and functioneel beheer's pages for
call scripts and referral partners. Thin views: rules in casework.outreach and casework.services."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from nabij.casework import outreach, selectors, services
from nabij.casework.models import CallScript, CaseKind, Partner
from nabij.casework.teams import teams_of
from nabij.contacts.models import Team
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import CHANGE_CASE, MANAGE_CALL_SCRIPTS, MANAGE_PARTNERS, VIEW_CASE
from nabij.privacy.services import log_access


class OutreachFilterForm(forms.Form):
    gemeente = forms.ChoiceField(label=_lazy("Gemeente"), required=False)
    reden = forms.ChoiceField(
        label=_lazy("Reden"),
        required=False,
        choices=[
            ("", _lazy("Alle redenen")),
            ("achterstand", _lazy("Huurachterstand nu")),
            ("aanmaningen", _lazy("Aanmaningen (12 maanden)")),
            ("eerder", _lazy("Eerdere achterstand of gestopte regeling")),
            ("signalen", _lazy("Recente signalen")),
        ],
    )
    maanden = forms.DecimalField(
        label=_lazy("Minstens maanden achterstand"),
        required=False,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        localize=True,
    )
    open_zaak = forms.ChoiceField(
        label=_lazy("Al een zaak?"),
        required=False,
        choices=[("", _lazy("Alle huishoudens")), ("zonder", _lazy("Zonder open zaak proactief contact"))],
    )
    pagina = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten")), *[(m, m) for m in municipalities]]


@require_permission(VIEW_CASE)
@require_http_methods(["GET"])
def outreach_list(request):
    """Households to contact first, with their reasons; filters and pages; "Maak zaak" for a selection."""
    computed = selectors.outreach_computed_at()
    form = OutreachFilterForm(request.GET or None, municipalities=selectors.outreach_municipalities(computed))
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.outreach_candidates(
        municipality=data.get("gemeente") or "",
        reason=data.get("reden") or "",
        min_months=data.get("maanden"),
        without_open_case=data.get("open_zaak") == "zonder",
    )
    page = Paginator(rows, settings.NABIJ_CASE_PAGE_SIZE).get_page(data.get("pagina") or 1)
    log_access(request, AccessLogEntry.Action.SEARCH, what="outreach list", result_count=page.paginator.count)
    query = urlencode({k: v for k, v in (request.GET.items()) if v and k != "pagina"})
    teams = teams_of(request.user)
    return render(
        request,
        "casework/outreach.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "computed_at": computed,
            "can_create": request.user.has_perm(CHANGE_CASE) and bool(teams),
            "teams": [(t, Team(t).label) for t in teams],
        },
    )


@require_permission(CHANGE_CASE)
@require_POST
def outreach_cases(request):
    """ "Maak zaak": proactief cases for the ticked households (all or nothing)."""
    ids = request.POST.getlist("huishouden")
    team = request.POST.get("team") or Team.CUSTOMER_CONTACT
    # Back to the same filters: only the list's own filter names are kept.
    kept = {
        k: v
        for k, v in QueryDict(request.POST.get("terug", "")).items()
        if k in OutreachFilterForm.base_fields
    }
    target = redirect(reverse("casework:outreach") + ("?" + urlencode(kept) if kept else ""))
    if not all(i.isdigit() for i in ids):
        messages.error(request, _("Kies huishoudens uit de lijst."))
        return target
    if team not in teams_of(request.user):
        messages.error(request, _("Team: je kunt alleen zaken maken voor je eigen team."))
        return target
    try:
        cases = outreach.create_outreach_cases(ids, actor=request.user, team=team)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return target
    messages.success(
        request,
        ngettext(
            "%(n)s zaak proactief contact gemaakt.", "%(n)s zaken proactief contact gemaakt.", len(cases)
        )
        % {"n": len(cases)},
    )
    return target


# --- Call scripts ---------------------------------------------------------------------------------------


class CallScriptForm(forms.Form):
    empathy = forms.CharField(
        label=_lazy("Begrip tonen"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    advice = forms.CharField(label=_lazy("Advies"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    action = forms.CharField(label=_lazy("Actie"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


@require_permission(MANAGE_CALL_SCRIPTS)
@require_http_methods(["GET"])
def call_scripts(request):
    scripts = {s.kind: s for s in CallScript.objects.all()}
    rows = [(kind, label, scripts.get(kind)) for kind, label in CaseKind.choices]
    return render(request, "casework/call_scripts.html", {"rows": rows})


@require_permission(MANAGE_CALL_SCRIPTS)
@require_http_methods(["GET", "POST"])
def call_script_edit(request, kind):
    if kind not in CaseKind.values:
        raise Http404
    script = CallScript.objects.filter(kind=kind).first()
    errors: list[str] = []
    if request.method == "POST":
        form = CallScriptForm(request.POST)
        if form.is_valid():
            try:
                services.save_call_script(kind, **form.cleaned_data, actor=request.user)
            except ValidationError as error:
                errors = list(error.messages)
            else:
                messages.success(request, _("Belscript opgeslagen."))
                return redirect("casework:call_scripts")
    else:
        initial = (
            {"empathy": script.empathy, "advice": script.advice, "action": script.action} if script else {}
        )
        form = CallScriptForm(initial=initial)
    return render(
        request,
        "casework/call_script_form.html",
        {"form": form, "kind_label": CaseKind(kind).label, "errors": errors},
        status=400 if errors else 200,
    )


# --- Partners -------------------------------------------------------------------------------------------


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "municipality", "email", "phone", "active"]
        error_messages = {
            "name": {"required": _lazy("Naam: vul de naam van de partner in.")},
            "kind": {"required": _lazy("Soort: kies een soort partner.")},
            "email": {"invalid": _lazy("E-mail: vul een geldig e-mailadres in.")},
        }


@require_permission(MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def partners(request):
    """The partner registry: the list, and a form to add one."""
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Partner toegevoegd."))
        return redirect("casework:partners")
    page = Paginator(Partner.objects.all(), 50).get_page(request.GET.get("pagina") or 1)
    return render(
        request, "casework/partners.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )


@require_permission(MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Partner opgeslagen."))
        return redirect("casework:partners")
    return render(
        request,
        "casework/partner_form.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )
