"""Writes of the actions app: making and sending links, logging opens, and registering the tenant's tap.

Every registration goes through `respond()`: one transaction that checks the link has no response yet,
does the action's work through the other apps' services (casework, contacts, tenants) and stores the
ActionResponse; the unique link on ActionResponse makes a second tap, or two at once, register once.
"""

import datetime as dt
import hmac
import secrets

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nabij.actions import tokens
from nabij.actions.models import ActionKind, ActionLink, ActionResponse, LinkOpen, PulseAnswer
from nabij.actions.scanners import scanner_reasons
from nabij.casework.config import DAY_PARTS
from nabij.core import clock
from nabij.tenants.models import ContactPoint, Language

SOURCE = "klik-actie"
NOTE_MAX = 1000


class Refused(Exception):
    """The link cannot register (anymore): `reason` is "expired" or "wrong_kind"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def language_of(household) -> str:
    """The page language for the household: English when that is its preference, else Dutch."""
    return "en" if household.preferred_language == Language.ENGLISH else "nl"


def public_url(token: str, suffix: str = "", base_url: str | None = None) -> str:
    base = (base_url or settings.NABIJ_PUBLIC_URL or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/k/{token}{suffix}"


# --- Making links --------------------------------------------------------------------------------


def _new_link(household, kind, *, created_by, campaign, days, payload, now) -> tuple[ActionLink, str]:
    if kind not in ActionKind.values:
        raise ValueError(f"unknown action kind {kind!r}")
    token = tokens.new_token()
    days = settings.NABIJ_ACTION_LINK_DAYS if days is None else days
    link = ActionLink(
        token_hash=tokens.token_hash(token),
        household=household,
        kind=kind,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        campaign=(campaign or "")[:100],
        created_by=created_by,
        payload=payload or {},
    )
    return link, token


def create_link(
    *, household, kind: str, created_by=None, campaign: str = "", days: int | None = None, payload=None
) -> tuple[ActionLink, str]:
    """A new link; returns it with its token. The token exists only here: the database keeps its hash."""
    link, token = _new_link(
        household, kind, created_by=created_by, campaign=campaign, days=days, payload=payload, now=clock.now()
    )
    link.save()
    return link, token


def bulk_create_links(households, *, kind: str, campaign: str = "", days: int | None = None):
    """Links for many households in one go (management command, tests, benchmarks): [(link, token)]."""
    now = clock.now()
    pairs = [
        _new_link(h, kind, created_by=None, campaign=campaign, days=days, payload=None, now=now)
        for h in households
    ]
    with transaction.atomic():
        ActionLink.objects.bulk_create([link for link, _token in pairs], batch_size=500)
    return pairs


def find_link(token: str) -> ActionLink | None:
    """The link of a token (with its household), or None for anything unknown, tampered or malformed."""
    if not tokens.looks_like_token(token):
        return None
    try:
        # Not select_related("response"): compiling that reverse join costs more than the one small query
        # `existing_response` makes when a page needs it (measured: 1.4 ms against 0.7 + 0.4 ms).
        return ActionLink.objects.select_related("household").get(token_hash=tokens.token_hash(token))
    except ActionLink.DoesNotExist:
        return None


_UNKNOWN = object()


def existing_response(link: ActionLink) -> ActionResponse | None:
    """The link's response, if the tenant already tapped (kept on the link object once known)."""
    known = getattr(link, "_tapped", _UNKNOWN)
    if known is _UNKNOWN:
        known = link._tapped = ActionResponse.objects.filter(link_id=link.pk).first()
    return known


def is_expired(link: ActionLink) -> bool:
    return link.expires_at <= clock.now()


# --- Opens (GET/HEAD): logged, never registered ---------------------------------------------------


def record_open(link: ActionLink, *, method: str, user_agent: str, ip: str | None) -> LinkOpen:
    now = clock.now()
    since = link.sent_at or link.created_at
    seconds = max(0, int((now - since).total_seconds()))
    reasons = scanner_reasons(seconds_since_sent=seconds, user_agent=user_agent, ip=ip)
    return LinkOpen.objects.create(
        link=link,
        at=now,
        method=method[:4],
        seconds_since_sent=seconds,
        scanner_likely=bool(reasons),
        scanner_reasons=",".join(reasons),
        user_agent=(user_agent or "")[:200],
    )


# --- The tap (POST) ------------------------------------------------------------------------------


def respond(link: ActionLink, *, answer: str = "") -> tuple[ActionResponse, bool]:
    """Register the tenant's tap. Returns (response, created); created is False when the link already
    had a response (a second tap, or two taps at once). Raises Refused for an expired link and
    ValidationError for an answer the action does not know. Committed when it returns."""
    if is_expired(link):
        raise Refused("expired")
    if link.kind == ActionKind.PULSE and answer not in PulseAnswer.values:
        raise ValidationError({"antwoord": [_("Kies een van de drie knoppen.")]})
    known = getattr(link, "_tapped", None)  # set when this request already looked (views)
    if known is not None:
        return known, False
    # Everything that reads or computes happens before the write transaction: on SQLite it holds the
    # database's one write lock, so only the inserts belong inside (docs/one-tap.md, "Load"). A second
    # tap is rare: no query is spent on it up front; the link's unique response refuses it at the insert.
    now = clock.now()
    try:
        write = _prepare(link, answer)
    except ValidationError:
        existing = existing_response(link)
        if existing is not None:  # e.g. no callback slot left, but this tenant already has theirs
            return existing, False
        raise
    try:
        with transaction.atomic():
            if connection.features.has_select_for_update:
                # PostgreSQL: concurrent taps on one link wait here, and the later one finds the response.
                # (On SQLite the IMMEDIATE transaction serialises writers; the unique link guards below.)
                ActionLink.objects.select_for_update().filter(pk=link.pk).values_list("pk").get()
                if ActionResponse.objects.filter(link_id=link.pk).exists():
                    raise IntegrityError("already answered")
            outcome, stored_answer = write()
            response = ActionResponse(
                link=link,
                household_id=link.household_id,
                kind=link.kind,
                at=now,
                answer=stored_answer,
                outcome=outcome,
            )
            response.save(force_insert=True)
    except IntegrityError:
        # Another request registered this link since our check (its work is kept, ours was rolled back
        # with this transaction).
        return ActionResponse.objects.get(link_id=link.pk), False
    link._tapped = response
    return response, True


def _prepare(link: ActionLink, answer: str):
    """Check and work out the action's writes; returns the function that does them (inside the write
    transaction) and returns (outcome, stored answer)."""
    household = link.household
    kind = link.kind
    if kind == ActionKind.CALLBACK:
        from nabij.casework.services import prepare_callback

        booking = prepare_callback(household=household, source=SOURCE)

        def write_callback():
            callback = booking.book()
            outcome = {
                "date": callback.date.isoformat(),
                "starts": callback.starts.strftime("%H:%M"),
                "ends": callback.ends.strftime("%H:%M"),
                "case": callback.case_id,
            }
            return outcome, ""

        return write_callback
    if kind == ActionKind.PAYMENT_HELP:
        return _prepare_payment_help(household)
    if kind == ActionKind.PULSE:
        return lambda: (_pulse(link, answer), answer)
    if kind == ActionKind.CONTACT_DETAILS:
        from nabij.tenants.services import mark_contact_points_checked

        return lambda: ({"checked": mark_contact_points_checked(household)}, "bevestigd")
    if kind == ActionKind.OPT_OUT:
        from nabij.tenants.services import set_campaign_consent

        def write_opt_out():
            set_campaign_consent(household, consent=False, source=SOURCE)
            return {}, ""

        return write_opt_out
    if kind == ActionKind.VERIFY_EMAIL:
        from nabij.tenants.services import correct_contact_point

        def write_email():
            correct_contact_point(
                household, ContactPoint.Kind.EMAIL, link.payload["email"], checked_in_conversation=True
            )
            return {}, ""

        return write_email
    raise ValueError(f"unknown action kind {kind!r}")


def _prepare_payment_help(household):
    """A payment-help case for huurincasso and, when the household rents now, a dunning pause."""
    from nabij.casework.services import build_case, insert_case, prepare_dunning_pause
    from nabij.contacts.models import Team
    from nabij.tenants.models import Tenancy
    from nabij.tenants.selectors import current_tenancy

    tenancies = list(Tenancy.objects.filter(household=household).select_related("unit"))
    tenancy = current_tenancy(tenancies, clock.today())
    case = build_case(
        household=household,
        kind="betaalhulp",
        team=Team.COLLECTION,
        source=SOURCE,
        now=clock.now(),
        summary="Huurder vraagt hulp bij betalen (klik-actie)",
        tenancy=tenancy,
    )
    pause = None
    if tenancy is not None:
        pause = prepare_dunning_pause(
            tenancy=tenancy, reason="Huurder vroeg om hulp bij betalen (klik-actie)"
        )
    due = timezone.localdate(case.due_at).isoformat()

    def write():
        insert_case(case)
        outcome = {"case": case.pk, "due": due}
        if pause is not None:
            outcome["pause_until"] = pause.start(case).until.isoformat()
        return outcome, ""

    return write


def _pulse(link: ActionLink, answer: str) -> dict:
    from nabij.contacts.models import Channel, CustomerProcess, Direction, SignalCategory, Urgency
    from nabij.contacts.services import SignalInput, log_contact, owning_team

    if answer == PulseAnswer.GOOD:
        signal = SignalInput(category=SignalCategory.POSITIVE)
    else:
        category = link.payload.get("category") or settings.NABIJ_PULSE_CONCERN_CATEGORY
        help_wanted = answer == PulseAnswer.HELP
        signal = SignalInput(
            category=category,
            polarity="zorg",
            urgency=Urgency.MEDIUM if help_wanted else Urgency.LOW,
            follow_up_wanted=help_wanted,
            consent=help_wanted,  # tapping "Ik kan hulp gebruiken" is asking for it
            note=str(PulseAnswer(answer).label),
        )
    contact = log_contact(
        link.household,
        None,
        channel=Channel.PORTAL,
        direction=Direction.INCOMING,
        process=CustomerProcess.PROACTIVE,
        subject="Klik-actie: hoe gaat het?",
        signals=[signal],
    )
    outcome = {"contact": contact.pk}
    if answer == PulseAnswer.HELP:
        from nabij.casework.services import open_case

        case = open_case(
            household=link.household,
            kind="opvolging_signaal",
            team=owning_team(signal.category),
            source=SOURCE,
            summary="Huurder gaf aan hulp te kunnen gebruiken (hoe gaat het?)",
            signal=contact.signals.first(),
        )
        outcome.update(case=case.pk, due=timezone.localdate(case.due_at).isoformat())
    return outcome


# --- Optional additions on the confirmation page -------------------------------------------------


def best_times() -> dict[str, str]:
    """The choices for "when can we best call you?": the callback day parts, with their hours."""
    labels = {
        "ochtend": _("’s ochtends (%(starts)s–%(ends)s)"),
        "middag": _("’s middags (%(starts)s–%(ends)s)"),
    }
    return {
        part: labels[part] % {"starts": f"{starts.hour}:{starts:%M}", "ends": f"{ends.hour}:{ends:%M}"}
        for part, (starts, ends) in DAY_PARTS.items()
    }


def normalise_phone(value: str) -> str:
    """A Dutch phone number (mobile or landline) in E.164, or a Dutch ValidationError naming the field."""
    try:
        number = phonenumbers.parse((value or "").strip(), "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {"telefoon": [_("Dit telefoonnummer klopt niet. Een nummer ziet eruit als 06 12345678.")]}
        )
    if phonenumbers.region_code_for_number(number) != "NL":
        raise ValidationError({"telefoon": [_("Vul een Nederlands telefoonnummer in.")]})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def add_details(
    response: ActionResponse, *, other_phone: str = "", note: str = "", best_time: str = ""
) -> ActionResponse:
    """The optional "Ander nummer?" / "Wat is er aan de hand?" / best time to call. An other number is a
    note for whoever calls, never a trusted contact point."""
    if is_expired(response.link):
        raise Refused("expired")
    errors: dict[str, list[str]] = {}
    other_phone, note = (other_phone or "").strip(), (note or "").strip()
    if other_phone:
        try:
            other_phone = normalise_phone(other_phone)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if len(note) > NOTE_MAX:
        errors["toelichting"] = [_("Je tekst is te lang: hoogstens %(n)s tekens.") % {"n": NOTE_MAX}]
    if best_time and best_time not in DAY_PARTS:  # the keys of best_times(), without building its labels
        errors["beste_tijd"] = [_("Kies ’s ochtends of ’s middags.")]
    if not (other_phone or note or best_time) and not errors:
        errors["telefoon"] = [_("Je hebt niets ingevuld.")]
    if errors:
        raise ValidationError(errors)
    response.other_phone = other_phone or response.other_phone
    response.note = note or response.note
    response.best_time = best_time or response.best_time
    response.updated_at = clock.now()
    response.save(update_fields=["other_phone", "note", "best_time", "updated_at"])
    _note_on_case(response)
    return response


def _note_on_case(response: ActionResponse) -> None:
    """Pass the additions to the case as a note, so whoever calls sees them in the case."""
    from nabij.casework.models import Case
    from nabij.casework.services import add_note

    case_id = response.outcome.get("case")
    if not case_id:
        return

    parts = []
    if response.other_phone:
        parts.append(f"Huurder geeft ander nummer op: {response.other_phone} (niet gecontroleerd)")
    if response.best_time:
        parts.append(f"Beste tijd om te bellen: {response.best_time}")
    if response.note:
        parts.append(f"Toelichting van de huurder: {response.note}")
    add_note(Case.objects.get(pk=case_id), "\n".join(parts), actor=None)


# --- Contact details: a change is verified before it is trusted ----------------------------------


def request_details_change(
    link: ActionLink, *, email: str = "", mobile: str = "", base_url: str | None = None
) -> ActionResponse:
    """The tenant typed a new e-mail address and/or mobile number on a "gegevens" link.

    Nothing is trusted yet: a new e-mail address gets a verification link by e-mail (it becomes the
    household's address when that link is tapped); a new mobile number waits for the SMS code hook
    (`NABIJ_SMS_CODE_SENDER`, see docs/one-tap.md) or for staff to check it in a conversation."""
    from nabij.tenants.services import normalise_email, normalise_mobile

    if is_expired(link):
        raise Refused("expired")
    if link.kind != ActionKind.CONTACT_DETAILS:
        raise Refused("wrong_kind")
    errors: dict[str, list[str]] = {}
    email, mobile = (email or "").strip(), (mobile or "").strip()
    if email:
        try:
            email = normalise_email(email)
        except ValidationError as exc:
            errors["email"] = exc.messages
    if mobile:
        try:
            mobile = normalise_mobile(mobile)
        except ValidationError as exc:
            errors["mobiel"] = exc.messages
    if not email and not mobile and not errors:
        errors["email"] = [_("Vul een nieuw e-mailadres of een nieuw mobiel nummer in.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if ActionResponse.objects.filter(link=link).exists():
            return ActionResponse.objects.get(link=link)
        outcome: dict = {}
        verify = None
        if email:
            verify, verify_token = create_link(
                household=link.household,
                kind=ActionKind.VERIFY_EMAIL,
                payload={"email": email},
                days=settings.NABIJ_VERIFY_EMAIL_DAYS,
            )
            outcome["email_pending"] = True
        if mobile:
            outcome["mobile_pending"] = True
            outcome["mobile_code_sent"] = send_mobile_code(link.household, mobile, outcome)
        response = ActionResponse.objects.create(
            link=link,
            household=link.household,
            kind=link.kind,
            at=clock.now(),
            answer="gewijzigd",
            outcome=outcome,
            other_phone=mobile,
        )
        if verify is not None:
            transaction.on_commit(lambda: _send_verification(link.household, verify_token, email, base_url))
    return response


MOBILE_CODE_ATTEMPTS = 5


def _code_hash(household, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{household.key.hex}:{code}".encode(), "sha256"
    ).hexdigest()


def send_mobile_code(household, mobile: str, outcome: dict) -> bool:
    """The SMS code hook. Nabij has no SMS gateway yet: when NABIJ_SMS_CODE_SENDER names a function
    `send(number, text)`, a 6-digit code goes out and its keyed hash waits in `outcome` for the code page
    (`verify_mobile_code`); without one, the new number waits for staff to check it in a conversation (the
    tenant 360 panel shows it). Returns whether a code was sent."""
    sender_path = settings.NABIJ_SMS_CODE_SENDER
    if not sender_path:
        return False
    from django.utils.module_loading import import_string

    code = f"{secrets.randbelow(10**6):06d}"
    outcome["mobile_code_hash"] = _code_hash(household, code)
    outcome["mobile_code_attempts"] = 0
    text = _("Je code voor %(name)s is %(code)s. Vul hem in op de pagina waar je je nummer gaf.") % {
        "name": settings.NABIJ_CORPORATION_NAME,
        "code": code,
    }
    import_string(sender_path)(mobile, text)
    return True


def verify_mobile_code(response: ActionResponse, code: str) -> ActionResponse:
    """The tenant typed the SMS code: the new mobile number becomes the household's preferred, verified one.
    At most MOBILE_CODE_ATTEMPTS tries; the link's expiry also ends the code. Dutch ValidationError naming
    the field otherwise."""
    from nabij.tenants.services import correct_contact_point

    if is_expired(response.link):
        raise Refused("expired")
    with transaction.atomic():
        response = (
            ActionResponse.objects.select_for_update().select_related("link__household").get(pk=response.pk)
        )
        outcome = response.outcome
        if outcome.get("mobile_verified"):
            return response
        if not outcome.get("mobile_code_hash"):
            raise ValidationError({"code": [_("Er is geen code verstuurd voor dit nummer.")]})
        if outcome.get("mobile_code_attempts", 0) >= MOBILE_CODE_ATTEMPTS:
            raise ValidationError({"code": [_("Je hebt te vaak een verkeerde code ingevuld. Bel ons.")]})
        code = "".join(ch for ch in (code or "") if ch.isdigit())
        household = response.link.household
        if not hmac.compare_digest(_code_hash(household, code), outcome["mobile_code_hash"]):
            outcome["mobile_code_attempts"] = outcome.get("mobile_code_attempts", 0) + 1
            response.save(update_fields=["outcome"])
            error = ValidationError({"code": [_("Deze code klopt niet. Kijk nog eens in de sms.")]})
        else:
            correct_contact_point(
                household, ContactPoint.Kind.MOBILE, response.other_phone, checked_in_conversation=True
            )
            outcome["mobile_verified"] = True
            response.updated_at = clock.now()
            response.save(update_fields=["outcome", "updated_at"])
            return response
    raise error


def _send_verification(household, token, email, base_url) -> None:
    with translation.override(language_of(household)):
        body = render_to_string(
            "actions/email/verify_email.txt",
            {
                "url": public_url(token, "", base_url),
                "corporation_name": settings.NABIJ_CORPORATION_NAME,
                "days": settings.NABIJ_VERIFY_EMAIL_DAYS,
            },
        )
        subject = _("Klopt dit e-mailadres?")
    EmailMessage(subject=subject, body=body, to=[email]).send()


# --- Sending a link by e-mail -------------------------------------------------------------------


def email_contact_point(household) -> ContactPoint | None:
    """The household's e-mail address to send to: the preferred one, else any that is not invalid."""
    points = [
        p
        for p in household.contact_points.filter(kind=ContactPoint.Kind.EMAIL)
        if p.status != ContactPoint.Status.INVALID
    ]
    points.sort(key=lambda p: (not p.preferred, p.verified_at is None))
    return points[0] if points else None


SUBJECTS = {
    ActionKind.CALLBACK: gettext_lazy("Wil je dat we je bellen?"),
    ActionKind.PAYMENT_HELP: gettext_lazy("Hulp bij het betalen van je huur"),
    ActionKind.PULSE: gettext_lazy("Hoe gaat het met je?"),
    ActionKind.CONTACT_DETAILS: gettext_lazy("Kloppen je gegevens nog?"),
    ActionKind.OPT_OUT: gettext_lazy("Afmelden voor nieuwsbrieven en campagnes"),
}


def send_link_email(*, household, kind: str, created_by, base_url: str | None = None) -> ActionLink:
    """Make a link and e-mail it to the household (B1 text in the household's language), with
    List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) pointing at a one-click opt-out link.
    Raises ValidationError (Dutch) when the household has no usable e-mail address."""
    point = email_contact_point(household)
    if point is None:
        raise ValidationError(
            {
                "kind": [
                    _("Dit huishouden heeft geen geldig e-mailadres. Kopieer de link en stuur hem anders.")
                ]
            }
        )
    with transaction.atomic():
        link, token = create_link(household=household, kind=kind, created_by=created_by)
        if kind == ActionKind.OPT_OUT:
            unsubscribe_token = token
        else:
            _unsub, unsubscribe_token = create_link(
                household=household,
                kind=ActionKind.OPT_OUT,
                created_by=created_by,
                days=settings.NABIJ_UNSUBSCRIBE_LINK_DAYS,
            )
        link.sent_at = clock.now()
        link.sent_to = point
        link.save(update_fields=["sent_at", "sent_to"])
    unsubscribe_url = public_url(unsubscribe_token, "/afmelden", base_url)
    with translation.override(language_of(household)):
        body = render_to_string(
            f"actions/email/{kind}.txt",
            {
                "url": public_url(token, "", base_url),
                "unsubscribe_url": public_url(unsubscribe_token, "", base_url),
                "link": link,
                "corporation_name": settings.NABIJ_CORPORATION_NAME,
                "corporation_phone": settings.NABIJ_CORPORATION_PHONE,
                "opening_hours": settings.NABIJ_OPENING_HOURS,
            },
        )
        subject = str(SUBJECTS[kind])
    EmailMessage(
        subject=subject,
        body=body,
        to=[point.value],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
    return link
