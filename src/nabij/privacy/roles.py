"""Staff roles as Django groups, and what each may do.

The role names are the ones a corporation uses; permissions are the app's own
(`app_label.codename`). `sync_roles` makes the groups match this table; it runs after every migrate,
so a new permission reaches the roles without manual steps.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

KLANTADVISEUR = "klantadviseur"
INCASSO = "incasso"
WIJKCONSULENT = "wijkconsulent"
TEAMLEIDER = "teamleider"
BELEID = "beleid"
FUNCTIONEEL_BEHEER = "functioneel_beheer"
PRIVACY_OFFICER = "privacy_officer"

ROLE_LABELS = {
    KLANTADVISEUR: _("Klantadviseur"),
    INCASSO: _("Medewerker huurincasso"),
    WIJKCONSULENT: _("Wijkconsulent"),
    TEAMLEIDER: _("Teamleider"),
    BELEID: _("Beleidsmedewerker"),
    FUNCTIONEEL_BEHEER: _("Functioneel beheerder"),
    PRIVACY_OFFICER: _("Privacy officer"),
}

VIEW_HOUSEHOLD = "tenants.view_household"
VIEW_DATA_STATUS = "tenants.view_importrun"
# Upload VERA files on the "Gegevens" page; the import runs in the background worker.
IMPORT_DATA = "tenants.add_importrun"
# Digital reachability per neighbourhood (aggregates only, fewer than 10 households suppressed).
VIEW_REACHABILITY = "tenants.view_reachability"
VIEW_ACCESS_LOG = "privacy.view_accesslogentry"
# Subject access (AVG art. 15): find one household and export everything Nabij holds about it.
SUBJECT_ACCESS = "privacy.subject_access"
# Erasure with four eyes: one privacy officer requests, another confirms (never the same person).
REQUEST_ERASURE = "privacy.add_erasurerequest"
CONFIRM_ERASURE = "privacy.confirm_erasurerequest"
# Retention: see the runs and what they removed.
VIEW_RETENTION = "privacy.view_retentionrun"
# Log a contact (with signals) on the tenant 360 and mark contact details as checked in the conversation.
LOG_CONTACT = "contacts.add_contact"
# See the category and note of special-category signals (health, GDPR art. 9); every view is logged.
VIEW_SPECIAL_SIGNALS = "contacts.view_special_signal"
# The developments monitor: signal counts per week, category and neighbourhood, small cells suppressed.
VIEW_MONITOR = "contacts.view_monitor"
# External developments (energy prices, a closing employer): policy staff log them, team leads read them.
VIEW_DEVELOPMENTS = "contacts.view_development"
MANAGE_DEVELOPMENTS = "contacts.change_development"
# Make a one-tap link for a household on the tenant 360 and copy it or e-mail it to the household.
SEND_ACTION_LINK = "actions.send_actionlink"
# Casework (docs/casework.md): see cases and queues; work cases of one's own team (status, contact
# attempts, notes, outcome, "volgende zaak"); hand cases to colleagues (bulk assign).
VIEW_CASE = "casework.view_case"
CHANGE_CASE = "casework.change_case"
ASSIGN_CASE = "casework.assign_case"
CASEWORK = {VIEW_CASE, CHANGE_CASE}
# Vroegsignalering: review candidates, approve them and export the municipality's file. The ERP export of
# dunning pauses and arrangements: list and download the daily files.
REVIEW_EARLY_SIGNAL = "casework.review_earlysignal"
EXPORT_ERP = "casework.export_erp"
# Functioneel beheer: the call scripts per case kind and the referral partners.
MANAGE_CALL_SCRIPTS = "casework.change_callscript"
MANAGE_PARTNERS = "casework.change_partner"

ROLE_PERMISSIONS: dict[str, set[str]] = {
    KLANTADVISEUR: {VIEW_HOUSEHOLD, LOG_CONTACT, SEND_ACTION_LINK, *CASEWORK},
    INCASSO: {VIEW_HOUSEHOLD, LOG_CONTACT, SEND_ACTION_LINK, *CASEWORK, REVIEW_EARLY_SIGNAL, EXPORT_ERP},
    WIJKCONSULENT: {VIEW_HOUSEHOLD, LOG_CONTACT, VIEW_SPECIAL_SIGNALS, SEND_ACTION_LINK, *CASEWORK},
    TEAMLEIDER: {
        VIEW_HOUSEHOLD,
        VIEW_DATA_STATUS,
        LOG_CONTACT,
        VIEW_SPECIAL_SIGNALS,
        VIEW_MONITOR,
        VIEW_REACHABILITY,
        VIEW_DEVELOPMENTS,
        SEND_ACTION_LINK,
        *CASEWORK,
        ASSIGN_CASE,
        REVIEW_EARLY_SIGNAL,
        EXPORT_ERP,
    },
    BELEID: {VIEW_MONITOR, VIEW_REACHABILITY, VIEW_DEVELOPMENTS, MANAGE_DEVELOPMENTS},
    FUNCTIONEEL_BEHEER: {VIEW_DATA_STATUS, IMPORT_DATA, MANAGE_CALL_SCRIPTS, MANAGE_PARTNERS},
    PRIVACY_OFFICER: {VIEW_ACCESS_LOG, SUBJECT_ACCESS, REQUEST_ERASURE, CONFIRM_ERASURE, VIEW_RETENTION},
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def sync_roles() -> None:
    for role, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(p) for p in sorted(permissions)])


def sync_roles_after_migrate(sender, app_config=None, **kwargs) -> None:
    # post_migrate fires once per app, in INSTALLED_APPS order, and each app's permissions are
    # created in its own turn: only after the last app do all permissions exist.
    from django.apps import apps

    # Apps without a models module get no post_migrate signal at all.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config is with_models[-1]:
        sync_roles()


def role_labels_for(user) -> list[str]:
    names = user.groups.values_list("name", flat=True)
    return [str(ROLE_LABELS.get(name, name)) for name in names]
