"""Counts for the navigation: the team queue (not yet taken) and "mijn zaken". Computed only when a page
shows the navigation for someone who may see cases (two index-only COUNT queries)."""

from django.utils.functional import SimpleLazyObject

from nabij.privacy.roles import VIEW_CASE


def queue_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts():
        if not user.has_perm(VIEW_CASE):
            return {}
        from nabij.casework.selectors import queue_counts as count

        return count(user)

    return {"casework_counts": SimpleLazyObject(counts)}
