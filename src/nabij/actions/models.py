"""One-tap links (klik-acties) and what tenants register with them (DESIGN.md §5, issue 5).

A link carries only an opaque token; the database keeps its SHA-256 hash, never the token itself. GETs of a
link are logged as opens (with a scanner-likelihood note); only the tenant's tap on the page (a POST)
creates an ActionResponse, at most one per link.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nabij.tenants.models import ContactPoint, Household


class ActionKind(models.TextChoices):
    CALLBACK = "terugbellen", _("Terugbellen")
    PAYMENT_HELP = "betaalhulp", _("Hulp bij betalen")
    PULSE = "hoe_gaat_het", _("Hoe gaat het?")
    CONTACT_DETAILS = "gegevens", _("Gegevens controleren")
    OPT_OUT = "afmelden", _("Afmelden voor campagnes")
    # Internal: the link in the e-mail that checks a new e-mail address the tenant gave.
    VERIFY_EMAIL = "email_bevestigen", _("Nieuw e-mailadres bevestigen")


# What staff may send from the tenant 360 page (VERIFY_EMAIL is only sent by Nabij itself).
STAFF_KINDS = (
    ActionKind.CALLBACK,
    ActionKind.PAYMENT_HELP,
    ActionKind.PULSE,
    ActionKind.CONTACT_DETAILS,
    ActionKind.OPT_OUT,
)


class PulseAnswer(models.TextChoices):
    GOOD = "goed", _("Het gaat goed")
    COULD_BE_BETTER = "beter", _("Het kan beter")
    HELP = "hulp", _("Ik kan hulp gebruiken")


class ActionLink(models.Model):
    """One link for one household and one action, valid until `expires_at`."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="action_links")
    kind = models.CharField(_("actie"), max_length=20, choices=ActionKind.choices)
    created_at = models.DateTimeField(_("gemaakt op"))
    expires_at = models.DateTimeField(_("geldig tot"))
    # When and to which contact point Nabij sent it (empty: the link was copied by staff or made in bulk).
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    sent_to = models.ForeignKey(
        ContactPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The message or campaign the link belongs to, as a plain label until the outreach app exists
    # (then a foreign key to its Message replaces it).
    campaign = models.CharField(_("bericht of campagne"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kind-specific data that never appears in a URL: the new address to verify (email_bevestigen),
    # the signal category a pulse check's "het kan beter" becomes (hoe_gaat_het).
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("klik-link")
        verbose_name_plural = _("klik-links")
        indexes = [models.Index(fields=["household", "-created_at"], name="actionlink_household")]
        permissions = [("send_actionlink", _("Mag klik-links maken en naar een huurder sturen"))]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d}"


class ActionResponse(models.Model):
    """What the tenant registered with one tap: at most one per link (the unique link makes a second tap
    harmless)."""

    link = models.OneToOneField(ActionLink, on_delete=models.CASCADE, related_name="response")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="action_responses")
    kind = models.CharField(_("actie"), max_length=20, choices=ActionKind.choices)
    at = models.DateTimeField(_("geregistreerd op"))
    answer = models.CharField(_("antwoord"), max_length=20, blank=True)
    # What happens next, as the confirmation page shows it: callback date and day part, pause end date,
    # case id. Kept so a second visit can say it again without asking other apps.
    outcome = models.JSONField(default=dict, blank=True)
    # Optional additions on the confirmation page (never required).
    other_phone = models.CharField(_("ander telefoonnummer"), max_length=20, blank=True)
    note = models.TextField(_("toelichting"), max_length=1000, blank=True)
    best_time = models.CharField(_("beste tijd om te bellen"), max_length=10, blank=True)
    updated_at = models.DateTimeField(_("aangevuld op"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("klik-actie")
        verbose_name_plural = _("klik-acties")
        indexes = [models.Index(fields=["household", "-at"], name="actionresponse_household")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def answer_label(self) -> str:
        """The answer as staff read it: the pulse check's button, or what happened to contact details."""
        if self.kind == ActionKind.PULSE and self.answer in PulseAnswer.values:
            return str(PulseAnswer(self.answer).label)
        return {"bevestigd": str(_("klopt nog")), "gewijzigd": str(_("nieuw opgegeven"))}.get(self.answer, "")


class LinkOpen(models.Model):
    """A GET or HEAD of a link: "opened", with how likely it was a mail scanner or link preview rather
    than the tenant. No IP address is kept."""

    link = models.ForeignKey(ActionLink, on_delete=models.CASCADE, related_name="opens")
    at = models.DateTimeField(_("tijdstip"))
    method = models.CharField(max_length=4)
    seconds_since_sent = models.PositiveIntegerField(null=True, blank=True)
    scanner_likely = models.BooleanField(_("waarschijnlijk een scanner"), default=False)
    # Comma-separated: "snel" (within NABIJ_SCANNER_SECONDS), "agent" (user agent), "netwerk" (CIDR list).
    scanner_reasons = models.CharField(max_length=40, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("geopende link")
        verbose_name_plural = _("geopende links")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.method}"


class RateCounter(models.Model):
    """Fixed-window request counters for rate limiting, shared by every web process (the database is the
    one thing they share). `name` is a hash of the client address or the link, never the address itself."""

    name = models.CharField(max_length=64, primary_key=True)
    minute = models.BigIntegerField()  # minutes since the epoch: the window being counted
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name[:8]} {self.minute}: {self.hits}"
