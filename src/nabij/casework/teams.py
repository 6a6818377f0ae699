"""Which team a staff member works in, derived from their role (docs/casework.md).

klantadviseur → Klantcontact (the KCC), incasso → Huurincasso, wijkconsulent → Wijkteam. A teamleider
sees and works every team's queue. Someone with several roles is in each of those teams.
"""

from nabij.contacts.models import Team
from nabij.privacy.roles import INCASSO, KLANTADVISEUR, TEAMLEIDER, WIJKCONSULENT

ROLE_TEAMS = {
    KLANTADVISEUR: Team.CUSTOMER_CONTACT,
    INCASSO: Team.COLLECTION,
    WIJKCONSULENT: Team.NEIGHBOURHOOD,
}
ALL_TEAMS = tuple(Team.values)


def teams_of(user) -> tuple[str, ...]:
    """The teams whose queues `user` works, in Team order (cached on the user object per request)."""
    cached = getattr(user, "_casework_teams", None)
    if cached is not None:
        return cached
    if not user.is_authenticated:
        teams: tuple[str, ...] = ()
    else:
        roles = set(user.groups.values_list("name", flat=True))
        if TEAMLEIDER in roles or user.is_superuser:
            teams = ALL_TEAMS
        else:
            mine = {ROLE_TEAMS[role] for role in roles if role in ROLE_TEAMS}
            teams = tuple(team for team in ALL_TEAMS if team in mine)
    user._casework_teams = teams
    return teams


def is_team_lead(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=TEAMLEIDER).exists())
