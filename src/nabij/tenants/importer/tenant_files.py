"""The tenants side of the VERA import: relaties.csv, eenheden.csv, huurovereenkomsten.csv and
contactgegevens.csv (formats: docs/import.md)."""

import uuid

from django.db import connection

from nabij.tenants.importer.core import FileSpec, ImportContext, key_map, register_file, register_refs, upsert
from nabij.tenants.importer.csvfile import CsvFile
from nabij.tenants.importer.rows import MISSING, UniqueKeys, check_date_order, read_values, resolve
from nabij.tenants.importer.values import (
    CodeList,
    Invalid,
    parse_birth_date,
    parse_date,
    parse_email,
    parse_int,
    parse_key,
    parse_phone,
    parse_positive_amount_cents,
    parse_postcode,
    text_parser,
)
from nabij.tenants.models import (
    ContactPoint,
    Household,
    Language,
    MonitoringState,
    Neighbourhood,
    PaymentMethod,
    Person,
    Tenancy,
    Unit,
)
from nabij.tenants.search import normalise_name

HOUSEHOLD, PERSON = "GRO", "NAT"
MAIN_TENANT_ROLE = "HUU"

RELATION_KIND = CodeList("RELATIESOORT", [HOUSEHOLD, PERSON])
# Roles of a member of the household; HUU (huurder) marks the main tenant.
RELATION_ROLE = CodeList("RELATIEROLSOORT", [MAIN_TENANT_ROLE, "MDH", "HOO", "BEW", "MBW", "KIN", "VOL"])
LANGUAGE = CodeList("TAAL", Language.values)
UNIT_KIND = CodeList("EENHEIDSOORT", Unit.Kind.values)
PAYMENT_METHOD = CodeList("BETAALWIJZESOORT", PaymentMethod.values)
MONITORING_STATE = CodeList("BEWAKINGSSTATUS", MonitoringState.values)
CONTACT_KIND = CodeList("CONTACTGEGEVENSOORT", ContactPoint.Kind.values)
CONTACT_STATUS = CodeList("CONTACTGEGEVENSTATUS", ContactPoint.Status.values)
CONTACT_PREFERENCE = CodeList("CONTACTGEGEVENVOORKEUR", ["EER", "TWE"])
FIRST_PREFERENCE = "EER"


def _length(model, field: str):
    return text_parser(model._meta.get_field(field).max_length)


def _house_letter(text: str) -> str:
    if len(text) != 1 or not text.isalpha():
        raise Invalid(f"'{text}' is geen huisletter (één letter, bijvoorbeeld A)")
    return text.upper()


def _check_relation(ctx: ImportContext, name: str, line: int, column: str, key: str) -> bool:
    """A `relatie` column: the idExtern of a household (GRO) or a person (NAT)."""
    if resolve(ctx, "households", key) is not MISSING or resolve(ctx, "persons", key) is not MISSING:
        return True
    ctx.error(
        name, line, column, f"relatie '{key}' staat niet in relaties.csv en is ook niet bekend in Nabij"
    )
    return False


def _relation_erased_by(ctx: ImportContext, key: str) -> int | None:
    """The erasure request behind a relation key (a household's or a person's idExtern) erased on request,
    or None. Households and persons share one key space, so a key is checked against both kinds of
    tombstone: the erased household's key may come back as a person, or an erased person's as a household.
    A key Nabij holds as either is not erased, and is not hashed to find that out."""
    for kind in ("households", "persons"):
        known = ctx.refs(kind)
        if known is not None and known.get(key) is not None:
            return None
    erased = ctx.erased_by("households", key)
    return erased if erased is not None else ctx.erased_by("persons", key)


def _relation_ids(ctx: ImportContext, key: str) -> tuple[int, int | None]:
    """(household_id, person_id) of a written relation."""
    household_id = ctx.refs("households").get(key)
    if household_id is not None:
        return household_id, None
    person_id, household_id = ctx.refs("persons")[key]
    return household_id, person_id


# --- relaties.csv ---------------------------------------------------------------------------------------

RELATIONS_COLUMNS = {
    "idExtern": True,
    "soort": True,
    "naam": False,
    "voorkeurstaal": False,
    "relatiegroep": False,
    "rol": False,
    "voornaam": False,
    "voorletters": False,
    "tussenvoegsels": False,
    "achternaam": False,
    "geboortedatum": False,
}
RELATIONS_PARSERS = {
    "idExtern": parse_key,
    "soort": RELATION_KIND.parse,
    "naam": _length(Household, "name"),
    "voorkeurstaal": LANGUAGE.parse,
    "relatiegroep": parse_key,
    "rol": RELATION_ROLE.parse,
    "voornaam": _length(Person, "first_name"),
    "voorletters": _length(Person, "initials"),
    "tussenvoegsels": _length(Person, "name_prefix"),
    "achternaam": _length(Person, "surname"),
    "geboortedatum": parse_birth_date,
}
REQUIRED_FOR = {HOUSEHOLD: ("naam",), PERSON: ("achternaam", "relatiegroep")}
KIND_WORDS = {HOUSEHOLD: "een huishouden (soort GRO)", PERSON: "een persoon (soort NAT)"}


def process_relations(ctx: ImportContext, csv_file: CsvFile) -> None:
    name = csv_file.name
    keys = UniqueKeys(ctx, name)
    kind_of: dict[str, str] = {}  # every key with its soort, also of rows with problems
    households: dict[str, tuple[int, dict]] = {}
    persons: dict[str, tuple[int, dict]] = {}
    kinds_seen: set[str] = set()
    count = 0
    for line, values, ok in read_values(ctx, csv_file, RELATIONS_PARSERS, {"idExtern", "soort"}):
        count += 1
        key, kind = values.get("idExtern"), values.get("soort")
        if key is not None:
            ok = keys.add(key, line) and ok
            if kind:
                kind_of.setdefault(key, kind)
        if kind is None:
            continue
        kinds_seen.add(kind)
        for column in REQUIRED_FOR[kind]:
            if csv_file.has(column) and not values.get(column):
                ctx.error(name, line, column, f"is verplicht voor {KIND_WORDS[kind]}")
                ok = False
        if ok and kind == HOUSEHOLD:
            households[key] = (line, values)
        elif ok:
            persons[key] = (line, values)
    ctx.row_counts["relaties"] = count
    for kind in sorted(kinds_seen):
        for column in REQUIRED_FOR[kind]:
            if not csv_file.has(column):
                ctx.error(name, 1, column, f"kolom ontbreekt; die is verplicht voor {KIND_WORDS[kind]}")

    # Households and persons share VERA's Relatie key space: one key is one kind of relation.
    db_households, db_persons = ctx.refs("households"), ctx.refs("persons")
    for key, kind in kind_of.items():
        clash = db_persons if kind == HOUSEHOLD else db_households
        if key in clash:
            other = "een persoon" if kind == HOUSEHOLD else "een huishouden"
            ctx.error(
                name, keys.lines[key], "idExtern", f"'{key}' is in Nabij al {other}, hier {KIND_WORDS[kind]}"
            )
    for line, values in persons.values():
        group = values["relatiegroep"]
        if kind_of.get(group) == PERSON:
            ctx.error(
                name,
                line,
                "relatiegroep",
                f"'{group}' is een persoon; relatiegroep is de idExtern van een huishouden (soort GRO)",
            )
        elif (
            kind_of.get(group) != HOUSEHOLD
            and group not in db_households
            and _relation_erased_by(ctx, group) is None
        ):
            ctx.error(
                name,
                line,
                "relatiegroep",
                f"huishouden '{group}' staat niet in dit bestand en ook niet in Nabij",
            )

    # Households erased on request stay out, with their persons; so does an erased person (also one the
    # ERP has since moved to another household: the erasure was about them). A person the ERP added to an
    # erased household gets a tombstone of the same erasure (ctx.mark_erased).
    for key in [key for key in households if _relation_erased_by(ctx, key) is not None]:
        del households[key]
        ctx.skip_erased("relaties")
    for key, (_line, values) in list(persons.items()):
        if _relation_erased_by(ctx, key) is None:
            group = _relation_erased_by(ctx, values["relatiegroep"])
            if group is None:
                continue
            ctx.mark_erased("persons", key, group)
        del persons[key]
        ctx.skip_erased("relaties")

    if not ctx.writing:
        for key_kind, kind_map in ((HOUSEHOLD, "households"), (PERSON, "persons")):
            ctx.add_unwritten_keys(
                kind_map,
                (
                    k
                    for k, kind in kind_of.items()
                    if kind == key_kind and _relation_erased_by(ctx, k) is None
                ),
            )
        return

    has = csv_file.has
    languages = {}
    if has("voorkeurstaal"):
        for _line, values in persons.values():
            if values.get("rol") == MAIN_TENANT_ROLE and values.get("voorkeurstaal"):
                languages.setdefault(values["relatiegroep"], values["voorkeurstaal"])
    key_field = Household._meta.get_field("key")
    upsert(
        Household,
        ["id_extern", "key", "name", "composition", "preferred_language"],
        (
            (
                key,
                key_field.get_db_prep_value(uuid.uuid4(), connection),
                values["naam"],
                "",
                values.get("voorkeurstaal") or languages.get(key) or Language.DUTCH,
            )
            for key, (_line, values) in households.items()
        ),
        update=["name"] + (["preferred_language"] if has("voorkeurstaal") else []),
    )
    ctx.reload_refs("households")
    household_ids = ctx.refs("households")
    optional = {
        "voornaam": "first_name",
        "voorletters": "initials",
        "tussenvoegsels": "name_prefix",
        "geboortedatum": "date_of_birth",
        "rol": "is_main_tenant",
    }
    upsert(
        Person,
        [
            "id_extern",
            "household_id",
            "first_name",
            "initials",
            "name_prefix",
            "surname",
            "date_of_birth",
            "is_main_tenant",
            "search_name",
        ],
        (
            (
                key,
                household_ids[values["relatiegroep"]],
                values.get("voornaam") or "",
                values.get("voorletters") or "",
                values.get("tussenvoegsels") or "",
                values["achternaam"],
                ctx.db_date(values.get("geboortedatum")),
                values.get("rol") == MAIN_TENANT_ROLE,
                # Bulk writes bypass Person.save(): the search key is computed here the same way.
                normalise_name(values["achternaam"]),
            )
            for key, (_line, values) in persons.items()
        ),
        update=["household_id", "surname", "search_name"]
        + [field for col, field in optional.items() if has(col)],
    )
    ctx.reload_refs("persons")


# --- eenheden.csv ---------------------------------------------------------------------------------------

UNITS_COLUMNS = {
    "idExtern": True,
    "soort": False,
    "straatnaam": True,
    "huisnummer": True,
    "huisletter": False,
    "huisnummerToevoeging": False,
    "postcode": True,
    "plaats": True,
    "buurtcode": False,
    "buurt": False,
    "wijk": False,
    "gemeente": False,
}
UNITS_PARSERS = {
    "idExtern": parse_key,
    "soort": UNIT_KIND.parse,
    "straatnaam": _length(Unit, "street"),
    "huisnummer": lambda text: parse_int(text, 1, 99999),
    "huisletter": _house_letter,
    "huisnummerToevoeging": _length(Unit, "house_number_addition"),
    "postcode": parse_postcode,
    "plaats": _length(Unit, "city"),
    "buurtcode": _length(Neighbourhood, "code"),
    "buurt": _length(Neighbourhood, "name"),
    "wijk": _length(Neighbourhood, "district"),
    "gemeente": _length(Neighbourhood, "municipality"),
}
UNITS_REQUIRED = {column for column, required in UNITS_COLUMNS.items() if required}


def process_units(ctx: ImportContext, csv_file: CsvFile) -> None:
    name = csv_file.name
    keys = UniqueKeys(ctx, name)
    units: list[tuple[str, dict]] = []
    neighbourhoods: dict[str, tuple[int, tuple[str, str, str]]] = {}
    count = 0
    for line, values, ok in read_values(ctx, csv_file, UNITS_PARSERS, UNITS_REQUIRED):
        count += 1
        key = values.get("idExtern")
        if key is not None:
            ok = keys.add(key, line) and ok
        code, buurt = values.get("buurtcode"), values.get("buurt")
        if code or buurt:
            if not code:
                ctx.error(
                    name,
                    line,
                    "buurtcode",
                    "is verplicht als buurt is ingevuld (CBS-buurtcode, zoals BU03440101)",
                )
                ok = False
            elif not buurt:
                ctx.error(
                    name, line, "buurt", "is verplicht als buurtcode is ingevuld (de naam van de buurt)"
                )
                ok = False
            else:
                described = (
                    buurt,
                    values.get("wijk") or "",
                    values.get("gemeente") or values.get("plaats") or "",
                )
                first = neighbourhoods.setdefault(code, (line, described))
                if first[1] != described:
                    ctx.error(
                        name,
                        line,
                        "buurtcode",
                        f"buurt {code} heeft hier een andere buurt, wijk of gemeente dan op regel {first[0]}",
                    )
                    ok = False
        if ok:
            units.append((key, values))
    ctx.row_counts["eenheden"] = count

    if not ctx.writing:
        ctx.add_unwritten_keys("units", keys.lines)
        return

    has = csv_file.has
    if neighbourhoods:
        upsert(
            Neighbourhood,
            ["code", "name", "district", "municipality"],
            ((code, *described) for code, (_line, described) in neighbourhoods.items()),
            conflict="code",
            update=["name"] + (["district"] if has("wijk") else []) + ["municipality"],
        )
    neighbourhood_ids = key_map(Neighbourhood, key="code") if neighbourhoods else {}
    optional = {
        "soort": "kind",
        "huisletter": "house_letter",
        "huisnummerToevoeging": "house_number_addition",
        "buurtcode": "neighbourhood_id",
    }
    upsert(
        Unit,
        [
            "id_extern",
            "kind",
            "street",
            "house_number",
            "house_letter",
            "house_number_addition",
            "postcode",
            "city",
            "neighbourhood_id",
        ],
        (
            (
                key,
                values.get("soort") or Unit.Kind.DWELLING,
                values["straatnaam"],
                values["huisnummer"],
                values.get("huisletter") or "",
                values.get("huisnummerToevoeging") or "",
                values["postcode"],
                values["plaats"],
                neighbourhood_ids.get(values.get("buurtcode")),
            )
            for key, values in units
        ),
        update=["street", "house_number", "postcode", "city"]
        + [field for col, field in optional.items() if has(col)],
    )
    ctx.reload_refs("units")


# --- huurovereenkomsten.csv -------------------------------------------------------------------------------

TENANCIES_COLUMNS = {
    "idExtern": True,
    "relatie": True,
    "eenheid": True,
    "begindatum": True,
    "einddatum": False,
    "brutohuur": True,
    "betaalwijze": False,
    "bewakingsstatus": False,
}


def _rent(text: str) -> int:
    cents = parse_positive_amount_cents(text)
    if cents > 2_147_483_647:
        raise Invalid(f"'{text}' is te hoog voor een maandhuur")
    return cents


TENANCIES_PARSERS = {
    "idExtern": parse_key,
    "relatie": parse_key,
    "eenheid": parse_key,
    "begindatum": parse_date,
    "einddatum": parse_date,
    "brutohuur": _rent,
    "betaalwijze": PAYMENT_METHOD.parse,
    "bewakingsstatus": MONITORING_STATE.parse,
}
TENANCIES_REQUIRED = {column for column, required in TENANCIES_COLUMNS.items() if required}


def process_tenancies(ctx: ImportContext, csv_file: CsvFile) -> None:
    name = csv_file.name
    keys = UniqueKeys(ctx, name)
    tenancies: list[tuple[str, dict]] = []
    count = 0
    for line, values, ok in read_values(ctx, csv_file, TENANCIES_PARSERS, TENANCIES_REQUIRED):
        count += 1
        key = values.get("idExtern")
        if key is not None:
            ok = keys.add(key, line) and ok
        relation = values.get("relatie")
        # A tenancy of a household erased on request, or one of its old tenancies, stays out; a new one
        # gets a tombstone of the same erasure (ctx.mark_erased), so its bookings stay out in later runs.
        erased_by = None
        if key is not None:
            erased_by = ctx.erased_by("tenancies", key)
            if erased_by is None and relation is not None:
                erased_by = _relation_erased_by(ctx, relation)
        erased = erased_by is not None
        if relation is not None and not erased:
            ok = _check_relation(ctx, name, line, "relatie", relation) and ok
        unit = values.get("eenheid")
        if unit is not None and resolve(ctx, "units", unit) is MISSING:
            ctx.error(
                name,
                line,
                "eenheid",
                f"eenheid '{unit}' staat niet in eenheden.csv en is ook niet bekend in Nabij",
            )
            ok = False
        ok = check_date_order(ctx, name, line, values.get("begindatum"), values.get("einddatum")) and ok
        if erased:
            # Its bookings and arrangements stay out too.
            ctx.mark_erased("tenancies", key, erased_by)
            if ok:
                ctx.skip_erased("huurovereenkomsten")
        elif ok:
            tenancies.append((key, values))
    ctx.row_counts["huurovereenkomsten"] = count

    if not ctx.writing:
        ctx.add_unwritten_keys("tenancies", (k for k in keys.lines if not ctx.is_erased("tenancies", k)))
        return

    has = csv_file.has
    unit_ids = ctx.refs("units")
    optional = {
        "einddatum": "end_date",
        "betaalwijze": "payment_method",
        "bewakingsstatus": "monitoring_state",
    }
    upsert(
        Tenancy,
        [
            "id_extern",
            "household_id",
            "unit_id",
            "start_date",
            "end_date",
            "payment_method",
            "gross_rent_cents",
            "monitoring_state",
        ],
        (
            (
                key,
                _relation_ids(ctx, values["relatie"])[0],
                unit_ids[values["eenheid"]],
                ctx.db_date(values["begindatum"]),
                ctx.db_date(values.get("einddatum")),
                values.get("betaalwijze") or PaymentMethod.TRANSFER,
                values["brutohuur"],
                values.get("bewakingsstatus") or MonitoringState.NORMAL,
            )
            for key, values in tenancies
        ),
        update=["household_id", "unit_id", "start_date", "gross_rent_cents"]
        + [field for col, field in optional.items() if has(col)],
    )
    ctx.reload_refs("tenancies")


# --- contactgegevens.csv ----------------------------------------------------------------------------------

CONTACTS_COLUMNS = {
    "idExtern": True,
    "relatie": True,
    "soort": True,
    "waarde": True,
    "voorkeur": False,
    "status": False,
}
CONTACTS_PARSERS = {
    "idExtern": parse_key,
    "relatie": parse_key,
    "soort": CONTACT_KIND.parse,
    "waarde": _length(ContactPoint, "value"),
    "voorkeur": CONTACT_PREFERENCE.parse,
    "status": CONTACT_STATUS.parse,
}
CONTACTS_REQUIRED = {column for column, required in CONTACTS_COLUMNS.items() if required}
VALUE_CHECKS = {
    ContactPoint.Kind.EMAIL: parse_email,
    ContactPoint.Kind.MOBILE: parse_phone,
    ContactPoint.Kind.PHONE: parse_phone,
}


def process_contact_points(ctx: ImportContext, csv_file: CsvFile) -> None:
    name = csv_file.name
    keys = UniqueKeys(ctx, name)
    points: list[tuple[str, dict]] = []
    count = 0
    for line, values, ok in read_values(ctx, csv_file, CONTACTS_PARSERS, CONTACTS_REQUIRED):
        count += 1
        key = values.get("idExtern")
        if key is not None:
            ok = keys.add(key, line) and ok
        relation = values.get("relatie")
        erased = relation is not None and _relation_erased_by(ctx, relation) is not None
        if relation is not None and not erased:
            ok = _check_relation(ctx, name, line, "relatie", relation) and ok
        check = VALUE_CHECKS.get(values.get("soort"))
        if check and values.get("waarde"):
            try:
                check(values["waarde"])
            except Invalid as exc:
                ctx.error(name, line, "waarde", str(exc))
                ok = False
        if ok and erased:
            ctx.skip_erased("contactgegevens")
        elif ok:
            points.append((key, values))
    ctx.row_counts["contactgegevens"] = count

    if not ctx.writing:
        return

    quote = connection.ops.quote_name
    table = quote(ContactPoint._meta.db_table)
    rows = []
    for key, values in points:
        household_id, person_id = _relation_ids(ctx, values["relatie"])
        rows.append(
            (
                key,
                household_id,
                person_id,
                values["soort"],
                values["waarde"],
                values.get("voorkeur") == FIRST_PREFERENCE,
                values.get("status") or ContactPoint.Status.CREATED,
                None,
            )
        )
    optional = {"voorkeur": "preferred", "status": "status"}
    upsert(
        ContactPoint,
        ["id_extern", "household_id", "person_id", "kind", "value", "preferred", "status", "verified_at"],
        rows,
        update=["household_id", "person_id", "kind", "value", "verified_at"]
        + [field for col, field in optional.items() if csv_file.has(col)],
        # A verification belongs to a value: a changed address or number is not verified any more.
        update_sql={
            "verified_at": f"CASE WHEN {table}.{quote('value')} = EXCLUDED.{quote('value')} "
            f"THEN {table}.{quote('verified_at')} ELSE NULL END"
        },
    )


def register() -> None:
    """Register the tenants' files and key maps (called from TenantsConfig.ready())."""
    register_refs("households", "relaties", lambda: key_map(Household))
    register_refs("persons", "relaties", lambda: key_map(Person, ("id", "household_id")))
    register_refs("units", "eenheden", lambda: key_map(Unit))
    register_refs("tenancies", "huurovereenkomsten", lambda: key_map(Tenancy))
    register_file(FileSpec("relaties", 10, RELATIONS_COLUMNS, process_relations))
    register_file(FileSpec("eenheden", 20, UNITS_COLUMNS, process_units))
    register_file(FileSpec("huurovereenkomsten", 30, TENANCIES_COLUMNS, process_tenancies))
    register_file(FileSpec("contactgegevens", 40, CONTACTS_COLUMNS, process_contact_points))
