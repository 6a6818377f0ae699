from django.db import models


class ScheduledRun(models.Model):
    """A daily job enqueued on a day (core.schedule): the unique pair keeps it to once a day."""

    job = models.CharField(max_length=50)
    day = models.DateField()
    enqueued_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="scheduled_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
