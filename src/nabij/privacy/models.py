"""The access log: who looked at which household's record, when, from where, and why.

Holds references (the household's id) and the kind of access, never copies of personal data.
The application only ever inserts rows; there is no update or delete path. On PostgreSQL the database
enforces it too (migration 0003): UPDATE is refused, and DELETE is refused for entries younger than
ACCESS_LOG_MIN_DAYS — only retention removes old entries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The database refuses to delete access-log entries younger than this (PostgreSQL trigger, migration 0003),
# whatever NABIJ_RETENTION says.
ACCESS_LOG_MIN_DAYS = 365


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Dossier bekeken")
        SEARCH = "search", _("Gezocht")
        EXPORT = "export", _("Export")
        DENIED = "denied", _("Toegang geweigerd")
        LOGIN_FAILED = "login_failed", _("Inloggen mislukt")

    at = models.DateTimeField(_("tijdstip"), db_index=True)
    # Empty only for a failed login with a user name that does not exist (the name itself is not kept:
    # people type their password into the wrong field).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    household_id = models.BigIntegerField(_("huishouden"), null=True, blank=True, db_index=True)
    # What was accessed, in words without personal data: "tenant 360", "search by postcode", ...
    what = models.CharField(_("wat"), max_length=100)
    # Why: the screen, queue or case the access came from.
    context = models.CharField(_("context"), max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    result_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("toegangslog-regel")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class ErasureRequest(models.Model):
    """Erasing one household's personal data, with four eyes: one privacy officer requests it, another
    confirms it (privacy.erasure). Holds the household's id and a reason code, never its personal data."""

    class Reason(models.TextChoices):
        REQUEST = "verzoek", _("Verzoek van de huurder (AVG art. 17)")
        OBJECTION = "bezwaar", _("Bezwaar van de huurder (AVG art. 21)")
        UNLAWFUL = "onrechtmatig", _("Gegevens onrechtmatig verwerkt")
        OTHER = "anders", _("Andere reden (zie kenmerk)")

    class Status(models.TextChoices):
        REQUESTED = "aangevraagd", _("Wacht op bevestiging")
        DONE = "uitgevoerd", _("Uitgevoerd")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    household_id = models.BigIntegerField(_("huishouden"), db_index=True)
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    # The corporation's own reference for the request (e.g. "AVG-2026-014"), never a name or address.
    reference = models.CharField(_("kenmerk"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("aangevraagd op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    # Rows erased or anonymised per data class (registry key): {"tenants.persons": 2, ...}
    counts = models.JSONField(default=dict, blank=True)
    # Lifting the household's import tombstones (a former tenant returns), with four eyes as well: one
    # privacy officer asks, another confirms (privacy.erasure.request_lift / confirm_lift).
    lift_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_requested_at = models.DateTimeField(_("opheffen aangevraagd op"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("verwijderverzoek")
        constraints = [
            models.UniqueConstraint(
                fields=["household_id"],
                condition=models.Q(status="aangevraagd"),
                name="one_open_erasure_request_per_household",
            )
        ]
        permissions = [
            ("subject_access", _("Mag inzageverzoeken uitvoeren (alle gegevens van een huishouden)")),
            ("confirm_erasurerequest", _("Mag een verwijderverzoek van een collega bevestigen")),
        ]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d} {self.status}"


class ErasureTombstone(models.Model):
    """One ERP key (VERA idExtern) of a household erased on request, kept so that the import does not bring
    the household back (privacy.erasure). Holds only a keyed hash of the key — HMAC-SHA256 with a key
    derived from SECRET_KEY per kind of key — never the key itself, a name or an address."""

    class Kind(models.TextChoices):
        # The names of the import's key maps (tenants.importer): what the key identifies.
        HOUSEHOLD = "households", _("Huishouden")
        PERSON = "persons", _("Persoon")
        TENANCY = "tenancies", _("Huurovereenkomst")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    digest = models.CharField(_("sleutelhash"), max_length=64)  # hex HMAC-SHA256
    erased_on = models.DateField(_("gewist op"))
    # The last day an import left a row out because of it: retention removes a tombstone that has not
    # stopped anything for its period (the ERP no longer exports the household).
    last_skipped_on = models.DateField(_("laatst overgeslagen op"), null=True, blank=True)
    erasure = models.ForeignKey(ErasureRequest, on_delete=models.CASCADE, related_name="tombstones")
    # Made by an import, not by the erasure: the key of a row the ERP created after the erasure that hangs on
    # the erased household (a new person of it, a new tenancy of it), so later runs leave out what hangs on
    # that row in turn. Lifting the erasure's tombstones removes these whatever their kind.
    derived = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("importblokkade")
        constraints = [models.UniqueConstraint(fields=["kind", "digest"], name="one_tombstone_per_key")]

    def __str__(self) -> str:
        return f"{self.erased_on:%Y-%m-%d} {self.kind}"


class RetentionRun(models.Model):
    """One run of the retention rules (privacy.retention): what it removed, per data class."""

    class Status(models.TextChoices):
        RUNNING = "bezig", _("Bezig")
        SUCCEEDED = "gelukt", _("Gelukt")
        FAILED = "mislukt", _("Mislukt")

    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    dry_run = models.BooleanField(_("proefdraai"), default=False)
    # "taak" (the background worker), "commando" (manage.py apply_retention)
    trigger = models.CharField(_("gestart door"), max_length=20)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # {rule key: rows removed (or, in a dry run, that would be)}, {rule key: cutoff date}
    counts = models.JSONField(default=dict, blank=True)
    cutoffs = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("bewaartermijnrun")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"
