"""The access log: who looked at which household's record, when, from where, and why.

Holds references (the household's id) and the kind of access, never copies of personal data.
The application only ever inserts rows; there is no update or delete path.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Dossier bekeken")
        SEARCH = "search", _("Gezocht")
        EXPORT = "export", _("Export")
        DENIED = "denied", _("Toegang geweigerd")

    at = models.DateTimeField(_("tijdstip"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
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
