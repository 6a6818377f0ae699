"""The developments monitor's page and CSV download (thin: permission, filter form, aggregate, render).

The page shows the weekly figures; its neighbourhood table comes in a second request (`monitor_areas`),
as it is the costliest count. The filters travel as GET parameters: they hold no personal data (weeks, a
category, a neighbourhood, a customer process), and the page can be bookmarked and shared.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from nabij.contacts import charts, monitor
from nabij.contacts.models import CustomerProcess, SignalCategory
from nabij.core import clock
from nabij.core.csvfiles import csv_bytes, csv_text
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import VIEW_MONITOR
from nabij.privacy.services import log_access
from nabij.tenants.models import Neighbourhood


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonitorFilterForm(forms.Form):
    van = forms.DateField(label=_lazy("Vanaf week van"), required=False, widget=DateInput())
    tot = forms.DateField(label=_lazy("Tot en met week van"), required=False, widget=DateInput())
    categorie = forms.ChoiceField(
        label=_lazy("Categorie"),
        choices=[("", _lazy("Alle categorieën")), *SignalCategory.choices],
        required=False,
    )
    buurt = forms.ModelChoiceField(
        label=_lazy("Buurt"),
        queryset=Neighbourhood.objects.only("id", "name", "municipality"),
        empty_label=_lazy("Alle buurten"),
        required=False,
    )
    klantproces = forms.ChoiceField(
        label=_lazy("Klantproces"),
        choices=[("", _lazy("Alle klantprocessen")), *CustomerProcess.choices],
        required=False,
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_start, self.default_end = monitor.default_period(today)
        self.fields["van"].widget.attrs["aria-describedby"] = "period-hint"
        self.fields["tot"].widget.attrs["aria-describedby"] = "period-hint"

    def clean(self):
        data = super().clean()
        start = monitor.monday(data["van"]) if data.get("van") else None
        end = monitor.monday(data["tot"]) if data.get("tot") else None
        end = end or (start + (self.default_end - self.default_start) if start else self.default_end)
        start = start or end - (self.default_end - self.default_start)
        if start > end:
            raise forms.ValidationError(_("De beginweek ligt na de eindweek."))
        if (end - start).days // 7 + 1 > monitor.MAX_WEEKS:
            raise forms.ValidationError(
                _("Kies een periode van hoogstens %(n)s weken.") % {"n": monitor.MAX_WEEKS}
            )
        data["van"], data["tot"] = start, end
        return data

    def filters(self) -> monitor.Filters:
        """The chosen filters, or the default period when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return monitor.Filters(start=self.default_start, end=self.default_end)
        data = self.cleaned_data
        area = data.get("buurt")
        return monitor.Filters(
            start=data["van"],
            end=data["tot"],
            category=data.get("categorie") or "",
            neighbourhood_id=area.id if area else None,
            process=data.get("klantproces") or "",
        )


def _filters_for(request) -> tuple[MonitorFilterForm, monitor.Filters]:
    form = MonitorFilterForm(request.GET or None, today=clock.today())
    return form, form.filters()


def _monitor_for(request) -> tuple[MonitorFilterForm, monitor.Monitor]:
    form, filters = _filters_for(request)
    return form, monitor.build(filters)


@require_permission(VIEW_MONITOR)
@require_GET
def monitor_page(request):
    form, data = _monitor_for(request)
    if not form.is_bound:
        form = MonitorFilterForm(
            initial={"van": data.filters.start, "tot": data.filters.end}, today=clock.today()
        )
    charts_ = [(s, charts.bar_chart(s, data.weeks, data.developments)) for s in data.series]
    return render(
        request,
        "contacts/monitor.html",
        {
            "form": form,
            "monitor": data,
            "charts": charts_,
            "threshold": monitor.THRESHOLD,
            "trend_weeks": monitor.TREND_WEEKS,
            "steady_pct": round(monitor.STEADY_MARGIN * 100),
            "query": request.GET.urlencode(),
        },
    )


@require_permission(VIEW_MONITOR)
@require_GET
def monitor_areas(request):
    """The neighbourhood table: fetched by the page after it has shown the charts (HTMX), or opened as a
    page of its own from the page's link when JavaScript is off."""
    _form, filters = _filters_for(request)
    context = {"filters": filters, "areas": monitor.build_areas(filters), "query": request.GET.urlencode()}
    if request.htmx:
        return render(request, "contacts/_monitor_areas.html", context)
    return render(request, "contacts/monitor_areas.html", context)


@require_permission(VIEW_MONITOR)
@require_GET
def monitor_csv(request):
    _form, data = _monitor_for(request)
    header, *rows = monitor.csv_rows(data, monitor.build_areas(data.filters))
    text = csv_text(header, rows)
    log_access(request, AccessLogEntry.Action.EXPORT, what="monitor csv", result_count=len(rows))
    name = (
        f"ontwikkelingenmonitor-{monitor.iso_week(data.filters.start)}-{monitor.iso_week(data.filters.end)}"
    )
    response = HttpResponse(csv_bytes(text), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
