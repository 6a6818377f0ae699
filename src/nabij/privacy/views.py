"""The privacy officer's access log: everything, filtered by kind of access, or "who looked at this tenant?".

A household is picked through a search that travels in a POST body (names and postcodes stay out of URLs,
browser history and server logs); its entries are paged with POSTs too. Households are found through the
registry's directory (tenants registers it), so `privacy` imports no other app.
"""

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from nabij.privacy import registry
from nabij.privacy.access import require_permission
from nabij.privacy.models import AccessLogEntry
from nabij.privacy.roles import VIEW_ACCESS_LOG
from nabij.privacy.services import log_access, log_search

PAGE_SIZE = 50


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Huishouden zoeken: naam, postcode met huisnummer, of huurcontractnummer"),
        max_length=100,
        strip=True,
    )


class HouseholdPickForm(forms.Form):
    huishouden = forms.UUIDField()
    pagina = forms.IntegerField(min_value=1, required=False)


@require_permission(VIEW_ACCESS_LOG)
@require_http_methods(["GET", "POST"])
def access_log(request):
    entries = AccessLogEntry.objects.select_related("user")
    context = {"actions": AccessLogEntry.Action.choices, "search_form": HouseholdSearchForm()}
    if request.method == "POST" and "q" in request.POST:
        form = HouseholdSearchForm(request.POST)
        context["search_form"] = form
        if form.is_valid():
            subjects = registry.directory().search(form.cleaned_data["q"])
            log_search(request, "access log: household search", results=len(subjects))
            context["subjects"] = subjects
        return render(request, "privacy/access_log.html", context)
    if request.method == "POST":
        pick = HouseholdPickForm(request.POST)
        subject = registry.directory().by_key(pick.cleaned_data["huishouden"]) if pick.is_valid() else None
        if subject is None:
            context["not_found"] = True
            return render(request, "privacy/access_log.html", context, status=404)
        log_access(
            request, AccessLogEntry.Action.VIEW, what="access log of household", household_id=subject.id
        )
        page = Paginator(entries.filter(household_id=subject.id), PAGE_SIZE).get_page(
            pick.cleaned_data.get("pagina") or 1
        )
        context.update(subject=subject, page=page)
        return render(request, "privacy/access_log.html", context)
    action = request.GET.get("actie", "")
    if action in AccessLogEntry.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context.update(page=page, action=action)
    return render(request, "privacy/access_log.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login while locked out: a Dutch page that says how long to wait (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
