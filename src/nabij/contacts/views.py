from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nabij.contacts import services
from nabij.contacts.forms import ContactDetailsForm, DevelopmentForm, QuickLogForm
from nabij.contacts.models import Development, Signal
from nabij.contacts.panels import contacts_panel
from nabij.privacy.access import require_permission
from nabij.privacy.roles import LOG_CONTACT, MANAGE_DEVELOPMENTS, VIEW_DEVELOPMENTS
from nabij.tenants import services as tenant_services
from nabij.tenants.models import Household


def _back_to_household(household):
    return redirect(reverse("tenants:household", args=[household.key]) + "#contacts-panel")


def _panel_or_page(request, household, *, success: str, errors: list[str], **panel):
    """HTMX gets the re-rendered panel; without JavaScript, the outcome becomes a message on the tenant
    page."""
    if request.htmx:
        data = contacts_panel(request, household, **panel)
        return render(request, "contacts/_panel.html", {"data": data})
    if errors:
        for error in errors:
            messages.error(request, error)
    elif success:
        messages.success(request, success)
    return _back_to_household(household)


def _form_errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


@require_permission(LOG_CONTACT)
@require_http_methods(["POST"])
def log_contact(request, key):
    """Save the quick-log form. HTMX gets the panel back; without JavaScript, the tenant page again."""
    household = get_object_or_404(Household, key=key)
    form = QuickLogForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            services.log_contact(household, request.user, **form.service_kwargs())
            saved = True
        except ValidationError as exc:
            form.add_service_errors(exc)
    return _panel_or_page(
        request,
        household,
        success=_("Contact vastgelegd."),
        errors=[] if saved else _form_errors(form),
        form=None if saved else form,
        saved=saved,
    )


@require_permission(LOG_CONTACT)
@require_http_methods(["POST"])
def contact_details_checked(request, key):
    """ "Gecontroleerd in dit gesprek": the tenant confirmed their e-mail address and mobile number."""
    household = get_object_or_404(Household, key=key)
    tenant_services.mark_contact_points_checked(household)
    messages.success(request, _("Contactgegevens gemarkeerd als gecontroleerd."))
    return _back_to_household(household)


@require_permission(LOG_CONTACT)
@require_http_methods(["POST"])
def correct_contact_details(request, key):
    """Correct or add the e-mail address and/or mobile number the tenant gave in this conversation.
    HTMX gets the panel back; without JavaScript, the tenant page again."""
    household = get_object_or_404(Household, key=key)
    form = ContactDetailsForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            with transaction.atomic():
                for kind, value in form.corrections():
                    tenant_services.correct_contact_point(household, kind, value)
            saved = True
        except ValidationError as exc:
            form.add_error(None, exc)
    return _panel_or_page(
        request,
        household,
        success=_("Contactgegevens opgeslagen en gemarkeerd als gecontroleerd."),
        errors=[] if saved else _form_errors(form),
        details_form=None if saved else form,
        details_saved=saved,
    )


@require_permission(LOG_CONTACT)
@require_http_methods(["POST"])
def end_signal(request, key, signal_id):
    """Close an active signal from the panel (passief or vervallen); HTMX gets the panel back."""
    household = get_object_or_404(Household, key=key)
    signal = get_object_or_404(Signal, pk=signal_id, household=household)
    errors = []
    try:
        services.end_signal(
            signal,
            status=request.POST.get("status", ""),
            by=request.user,
        )
    except ValidationError as exc:
        errors = [text for texts in exc.message_dict.values() for text in texts]
    return _panel_or_page(request, household, success="", errors=errors, refusals=errors)


@require_permission(VIEW_DEVELOPMENTS)
@require_http_methods(["GET"])
def development_list(request):
    developments = Development.objects.annotate(signal_count=Count("signals")).order_by("-date", "-id")
    page = Paginator(developments, 25).get_page(request.GET.get("pagina"))
    return render(
        request,
        "contacts/developments.html",
        {"page": page, "can_manage": request.user.has_perm(MANAGE_DEVELOPMENTS)},
    )


@require_permission(MANAGE_DEVELOPMENTS)
@require_http_methods(["GET", "POST"])
def development_edit(request, pk=None):
    """Create (pk None) or change a development; the services validate and save."""
    development = get_object_or_404(Development, pk=pk) if pk else None
    form = DevelopmentForm(request.POST or None, instance=development)
    if request.method == "POST" and form.is_valid():
        try:
            if development:
                services.update_development(development, **form.cleaned_data)
            else:
                services.create_development(request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Ontwikkeling opgeslagen."))
            return redirect("contacts:developments")
    return render(request, "contacts/development_form.html", {"form": form, "development": development})
