"""Names for demo tenants: a realistic mix for a Dutch social-housing portfolio.

Most tenants get Dutch names: frequent surnames (weighted by rank) and a long tail from Faker's
nl_NL list, first names that fit the birth year. A realistic share have names of Turkish,
Moroccan or Surinamese origin (curated lists of common names), and a few Polish or British (Faker).
Faker is only used to fill pools once (seeded), then names are drawn with the generator's
`random.Random`, which keeps seeding fast and deterministic.

Origin only steers which name lists are used. It is not stored anywhere (DESIGN.md §6).
"""

import random
import re
import unicodedata
from dataclasses import dataclass

from faker import Faker

# Surname prefixes (tussenvoegsels) as written in the Dutch registry, longest first.
# "el" is in the registry's prefix table too, and the tenant search treats it as one.
PREFIXES = [
    "van de", "van der", "van den", "van 't", "in 't", "op de",
    "de", "den", "der", "van", "ten", "ter", "te", "el",
]  # fmt: skip

DUTCH_SURNAMES = """de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|
Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|
van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen|van den Broek|
de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven|Hoekstra|Maas|
Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Lange|Kuipers|van Wijk|Post|Kuiper|
Veenstra|Kramer|van den Brink|Scholten|van Wijngaarden|Martens|Vink|de Ruiter|Postma|Timmermans|van Gils|
van Gelder|van Santen|van Rossum|van Kempen|van Rooij|van Breugel|van Bergen|van Oosten|van Gent|
Groen|Jonker|van Doorn|Gerritsen|Molenaar|Boer|Wolters|de Vos|van Dongen|Evers|Hermans|Bosch|
Koning|van der Laan|Bosman|van Veen|Hoogendoorn|Claassen|van Rijn|Lammers|Wouters|Goossens|Verbeek|
Huijbregts|van Loon|Bouwman|Sanders|Mol|de Kok|Kroon|Dijkman|van der Velde|Zwart|Brink|Schipper|Pieters|
van Es|Willemsen|Kamphuis|Heijnen|Hofman|Nijhuis|Mertens|Beekman|Koopman|ten Have|ter Horst|Lubbers"""

# Roepnamen by birth cohort: (born before, women, men).
DUTCH_FIRST_NAMES = [
    (
        1956,
        "Maria Johanna Anna Cornelia Wilhelmina Hendrika Elisabeth Geertruida Ria Annie Joke Corrie Riet "
        "Truus Gerda Bep Nel Mien Dinie Jannie Tiny",
        "Jan Johannes Cornelis Hendrik Willem Gerrit Pieter Kees Henk Wim Piet Gerard Hans Klaas Jaap Ben "
        "Bert Cor Dirk Teun Joop Arie",
    ),
    (
        1975,
        "Ineke Marja Anja Ans Els Wilma Monique Yvonne Marian Carla Ingrid Petra Esther Sandra Linda "
        "Annemarie Margriet Hanneke Jolanda Marjolein Karin Diana",
        "Peter Marco Erik Rob Frank Paul Ron Michel René Hans Richard Martin Jeroen Edwin Gert Johan Ad "
        "Harry Marcel Arjan Roel",
    ),
    (
        1995,
        "Lisa Laura Anouk Sanne Kim Lotte Iris Femke Marloes Manon Chantal Melissa Mirjam Kelly Nicole "
        "Samantha Esmee Denise Naomi Romy",
        "Kevin Tim Thomas Daan Bas Niels Jeroen Sander Dennis Patrick Mark Ruben Stefan Jasper Joost Wouter "
        "Remco Bart Mike Rick",
    ),
]

MOROCCAN_SURNAMES = """el Amrani|el Idrissi|el Khattabi|el Bouzidi|el Hamdaoui|el Ouali|Benali|Bouzid|
Tahiri|Chaouch|Azzouz|Boukhari|Aziz|Ouahabi|Ait Ben Ali|Amrani|Bakkali|Haddouchi|Mansouri|Touzani|
Zaoui|Bensaid|Lamrabet|Akhiat|Ziani|el Yousfi|Rachidi|Belhaj|Chakir|Amezian"""
MOROCCAN_FIRST = (
    "Fatima Khadija Nadia Samira Malika Zineb Hafsa Imane Noura Latifa Yasmina Souad Houria Loubna Rachida",
    "Mohamed Youssef Said Karim Ahmed Rachid Bilal Hamid Mustapha Abdel Driss Hassan Omar Nordin Khalid",
)
TURKISH_SURNAMES = """Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|
Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Korkmaz|Karaca|Güneş|Aksoy|Bulut|Tekin|Yüksel|Akın|Erdem|
Keskin|Ünal|Güler|Bozkurt|Turan|Tunç|Sarı|Acar|Avcı|Uçar|Kaplan|Aktaş|Ateş|Erdoğan|Duman"""
TURKISH_FIRST = (
    "Ayşe Fatma Emine Hatice Zeynep Elif Meryem Sultan Hülya Derya Esra Büşra Songül Gülsen Özlem Merve",
    "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Osman Yusuf Emre Burak Kemal Erkan Serkan Ömer Can",
)
SURINAMESE_SURNAMES = """Pinas|Biharie|Ramdin|Sewnath|Kartosen|Tjon A Fat|Sabajo|Pengel|Doelwijt|Karijopawiro|
Ramsaran|Jadnanansing|Mahabier|Bhagwandin|Soekhoe|Kromodimedjo|Wongsodikromo|Tjin-A-Tsoi|Lie A Ling|
Nelom|Vlijter|Liauw|Ramautar|Sitaldin|Brunings|Zeefuik|Emanuels|Kanhai|Adhin|Grootfaam"""
SURINAMESE_FIRST = (
    "Shanti Sharmila Anjali Priya Dewi Naomi Germaine Sherida Ingrid Kavita Rita Marlies Shirley Sunita",
    "Ravi Rishi Marvin Sunil Ricardo Romeo Jurgen Anand Glenn Dinesh Orlando Roy Stanley Navin Clifton",
)

# (origin, share of households)
ORIGINS = [("dutch", 76), ("turkish", 8), ("moroccan", 8), ("surinamese", 5), ("polish", 2), ("british", 1)]

_ASCII = str.maketrans(
    {"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "'": "", " ": "", "-": ""}
)


def split_prefix(full: str) -> tuple[str, str]:
    """ "van der Meer" → ("van der", "Meer")."""
    lowered = full.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix + " ") and len(full) > len(prefix) + 1:
            return full[: len(prefix)].lower(), full[len(prefix) + 1 :]
    return "", full


def ascii_name(text: str) -> str:
    """For e-mail addresses: "Çelik" → "celik", "van der Meer" → "vandermeer"."""
    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in text if c.isascii() and c.isalnum()).lower()


@dataclass(frozen=True)
class PersonName:
    first_name: str
    initials: str
    name_prefix: str
    surname: str

    @property
    def written(self) -> str:
        """The name as on a letter: "J.P. de Vries"."""
        return " ".join(p for p in (self.initials, self.name_prefix, self.surname) if p)


class NamePools:
    """Name lists per origin, filled once from curated lists and a seeded Faker."""

    def __init__(self, seed: int):
        nl = Faker("nl_NL")
        nl.seed_instance(seed)
        pl = Faker("pl_PL")
        pl.seed_instance(seed)
        gb = Faker("en_GB")
        gb.seed_instance(seed)

        frequent = _bar_list(DUTCH_SURNAMES)
        # Faker's nl_NL list has medieval and noble names too; keep plain ones (see _plain_dutch).
        tail = sorted({n for n in (nl.last_name() for _ in range(3000)) if _plain_dutch(n)} - set(frequent))
        self.dutch_surnames = frequent + tail
        # A quarter from the frequent names, by rank (de Jong ≈ 0.6 %, as in the Netherlands), the
        # rest spread over the long tail.
        zipf = [1.0 / (rank + 20) for rank in range(len(frequent))]
        weights = [0.25 * w / sum(zipf) for w in zipf] + [0.75 / len(tail)] * len(tail)
        self.dutch_surname_cum = list(_accumulate(weights))
        self.dutch_first_by_cohort = [(born, w.split(), m.split()) for born, w, m in DUTCH_FIRST_NAMES]
        # The young get today's names: Faker's nl_NL first names are recent baby names.
        self.dutch_first_young = (
            sorted({nl.first_name_female() for _ in range(600)}),
            sorted({nl.first_name_male() for _ in range(600)}),
        )
        self.turkish_surnames = _bar_list(TURKISH_SURNAMES)
        self.turkish_first = (TURKISH_FIRST[0].split(), TURKISH_FIRST[1].split())
        self.moroccan_surnames = _bar_list(MOROCCAN_SURNAMES)
        self.moroccan_first = (MOROCCAN_FIRST[0].split(), MOROCCAN_FIRST[1].split())
        self.surinamese_surnames = _bar_list(SURINAMESE_SURNAMES)
        self.surinamese_first = (SURINAMESE_FIRST[0].split(), SURINAMESE_FIRST[1].split())
        self.polish_surnames = sorted({pl.last_name() for _ in range(400)})
        self.polish_first = (
            sorted({pl.first_name_female() for _ in range(300)}),
            sorted({pl.first_name_male() for _ in range(300)}),
        )
        self.british_surnames = sorted({gb.last_name() for _ in range(400)})
        self.british_first = (
            sorted({gb.first_name_female() for _ in range(300)}),
            sorted({gb.first_name_male() for _ in range(300)}),
        )
        self.origins, self.origin_cum = zip(*ORIGINS, strict=True)
        self.origin_cum = list(_accumulate(self.origin_cum))

    def origin(self, rng: random.Random) -> str:
        return rng.choices(self.origins, cum_weights=self.origin_cum)[0]

    def surname(self, origin: str, rng: random.Random) -> tuple[str, str]:
        if origin == "dutch":
            full = rng.choices(self.dutch_surnames, cum_weights=self.dutch_surname_cum)[0]
        else:
            full = rng.choice(getattr(self, f"{origin}_surnames"))
        return split_prefix(full)

    def first_name(self, origin: str, female: bool, born: int, rng: random.Random) -> str:
        if origin == "dutch":
            if born >= 1995:
                women, men = self.dutch_first_young
            else:
                women, men = next(
                    (w, m) for limit, w, m in self.dutch_first_by_cohort if born < limit or limit == 1995
                )
        else:
            women, men = getattr(self, f"{origin}_first")
        return rng.choice(women if female else men)

    def person(self, origin: str, female: bool, born: int, rng: random.Random, surname=None) -> PersonName:
        prefix, last = surname if surname is not None else self.surname(origin, rng)
        first = self.first_name(origin, female, born, rng)
        initials = first[0].upper() + "."
        if origin == "dutch" and rng.random() < (0.7 if born < 1975 else 0.35):
            # Roepnaam plus baptismal names: "J.H.M."
            initials += "".join(rng.choice("JMAHCWPGEL") + "." for _ in range(rng.choice([1, 1, 2])))
        return PersonName(first, initials, prefix, last)


def _bar_list(text: str) -> list[str]:
    return [name.strip() for name in text.replace("\n", "").split("|") if name.strip()]


# Medieval names in Faker's list that no present-day tenant carries.
_ARCHAIC = re.compile(
    r"(dr|sz|dochter|zoen)$|^(Amalrada|Adryaens|Billung|Chrodtrud|Saxo|Welf|Oda|Breugelensis|Tillmanno"
    r"|den Haag|de Plantard|de Marduras|van de Elzas|van de Noordmark|van de Darnau|van de Coterlet)$"
)


def _plain_dutch(name: str) -> bool:
    """Keep "Bakker", "de Boer", "van der Meer"; drop "Bourgondië, van", "Aertsz", "van Wessex"."""
    if "," in name or not name[:1].isalpha() or name.isupper() or _ARCHAIC.search(name):
        return False
    prefix, rest = split_prefix(name)
    # Faker's bare "van X" names are mostly counts and regions ("van Vlaanderen"); the frequent
    # list has the common real ones.
    return (
        prefix not in ("van", "van 't", "der") and " " not in rest and "-" not in rest and rest[:1].isupper()
    )


def _accumulate(values):
    total = 0
    for value in values:
        total += value
        yield total
