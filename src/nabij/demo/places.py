"""Where the demo corporation's homes are: municipalities, neighbourhoods, streets and addresses.

Dutch neighbourhoods are often themed ("Vogelbuurt": Merelstraat, Lijsterlaan, ...), so each
neighbourhood gets a theme and its streets are named from it. Postcodes follow the real shape:
a 4-digit area within the municipality's range plus two letters per block of about twenty
addresses, odd and even sides apart. The letters F, I, O, Q, U and Y and the combinations SA, SD
and SS are never used, as in real Dutch postcodes.
"""

import itertools
import random
from dataclasses import dataclass, field

# name, CBS municipality code, postcode areas (PC4), telephone area code, relative size
MUNICIPALITIES = [
    ("Amersfoort", "0307", range(3811, 3830), "033", 5),
    ("Apeldoorn", "0200", range(7311, 7340), "055", 4),
    ("Deventer", "0150", range(7411, 7430), "0570", 3),
    ("Ede", "0228", range(6711, 6719), "0318", 3),
    ("Zutphen", "0301", range(7201, 7208), "0575", 1),
    ("Harderwijk", "0243", range(3841, 3850), "0341", 2),
    ("Barneveld", "0203", range(3771, 3775), "0342", 1),
    ("Nijkerk", "0267", range(3861, 3865), "033", 1),
]

DISTRICTS = ["Centrum", "Noord", "Oost", "Zuid", "West", "Noordoost", "Zuidwest", "Zuidoost", "Noordwest"]

# neighbourhood theme -> street name stems
THEMES = {
    "Vogelbuurt": "Merel Lijster Vink Spreeuw Kievit Zwaluw Reiger Mees Specht Roodborst Leeuwerik "
    "Wielewaal Koekoek Fazant Uil Havik Valk Ekster Gaai Kwartel Patrijs Zwaan",
    "Bomenbuurt": "Linden Eiken Beuken Iepen Essen Berken Wilgen Populieren Kastanje Esdoorn Platanen "
    "Elzen Lariks Hazelaar Meidoorn Vlier Taxus Acacia Walnoot",
    "Bloemenbuurt": "Tulp Narcis Krokus Hyacint Roos Anjer Iris Lelie Zonnebloem Goudsbloem Margriet "
    "Klaproos Viooltjes Dahlia Aster Lavendel Jasmijn Sering Korenbloem",
    "Schildersbuurt": "Rembrandt Vermeer Frans Hals Jan Steen Van Gogh Mondriaan Breitner Jongkind "
    "Mesdag Israëls Ruisdael Hobbema Potter Ter Borch Van Ostade Avercamp Toorop",
    "Componistenbuurt": "Sweelinck Mozart Beethoven Bach Haydn Schubert Chopin Brahms Mahler "
    "Diepenbrock Röntgen Andriessen Verdi Händel Vivaldi Grieg",
    "Rivierenbuurt": "Maas Rijn IJssel Waal Lek Vecht Amstel Dinkel Regge Berkel Eem Schelde Dommel "
    "Linge Roer Geul Hunze Drentse Aa",
    "Staatsliedenbuurt": "Thorbecke Van Hall Drees Troelstra Schaepman Kuyper De Savornin Lohman "
    "Van Houten Cort van der Linden Colijn Van Heutsz De Witt Oldenbarnevelt",
    "Sterrenbuurt": "Orion Pegasus Andromeda Sirius Vega Castor Polaris Cassiopeia Perseus Lyra Draco",
    "Vruchtenbuurt": "Appel Peren Kersen Pruimen Bessen Aardbei Framboos Druiven Abrikozen Perzik "
    "Bramen Mispel Kweeperen",
    "Dichtersbuurt": "Vondel Bilderdijk Da Costa Multatuli Gezelle Gorter Kloos Perk Roland Holst "
    "Bredero Hooft Huygens Cats Tollens Staring Potgieter",
    "Zeeheldenbuurt": "De Ruyter Tromp Piet Hein Van Speijk Evertsen Van Galen Karel Doorman "
    "Heemskerck Van Kinsbergen Banckert Zoutman",
    "Vogelweidebuurt": "Grutto Tureluur Wulp Scholekster Kemphaan Watersnip Meerkoet Fuut Aalscholver",
    "Molenbuurt": "Molen Korenmolen Houtzaag Wipmolen Standerd Spinnenkop Stellingmolen Poldermolen",
    "Edelstenenbuurt": "Robijn Saffier Smaragd Diamant Parel Opaal Agaat Jade Topaas Amethist Granaat",
    "Landgoederenbuurt": "Heiligenberg Den Treek Birkhoven Randenbroek Schothorst Nimmerdor "
    "Hoogland Lockhorst Coelhorst Bokkeduinen",
}

STREET_SUFFIXES = ["straat", "laan", "weg", "hof", "plein", "singel", "pad", "dreef", "erf", "gaarde"]


class StreetKind:
    ROW = "row"  # single-family row houses: 1, 2, 3, ...
    PORCH = "porch"  # porch flats: 23A, 23B, 23C
    FLAT = "flat"  # gallery flats: numbered apartments or one number with additions 100-1, 100-2


STREET_KIND_WEIGHTS = [(StreetKind.ROW, 45), (StreetKind.PORCH, 25), (StreetKind.FLAT, 30)]

_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
POSTCODE_LETTER_PAIRS = [
    a + b for a in _POSTCODE_LETTERS for b in _POSTCODE_LETTERS if a + b not in {"SA", "SD", "SS"}
]


@dataclass
class NeighbourhoodPlan:
    id: int
    code: str
    name: str
    district: str
    municipality: str
    area_code: str  # telephone


@dataclass
class Address:
    """One demo unit: (street, number, letter, addition, postcode, city, neighbourhood, street kind)."""

    street: str
    house_number: int
    house_letter: str
    addition: str
    postcode: str
    city: str
    neighbourhood: NeighbourhoodPlan
    street_kind: str


@dataclass
class _Municipality:
    name: str
    cbs_code: str
    areas: list[int]
    area_code: str
    weight: int
    area_cursor: int = 0
    letters_used: dict = field(default_factory=dict)  # PC4 -> letter pairs handed out
    street_names: set = field(default_factory=set)

    def next_postcode(self) -> str:
        """A fresh postcode: the next free letter pair, moving on to the next area when it is full."""
        for _ in range(len(self.areas)):
            area = self.areas[self.area_cursor % len(self.areas)]
            used = self.letters_used.get(area, 0)
            if used < len(POSTCODE_LETTER_PAIRS):
                self.letters_used[area] = used + 1
                return f"{area}{POSTCODE_LETTER_PAIRS[used]}"
            self.area_cursor += 1
        raise ValueError(f"Geen postcodes meer vrij in {self.name}")


def municipality_count(units: int) -> int:
    if units < 1000:
        return 2
    if units < 20000:
        return 3
    return min(len(MUNICIPALITIES), 3 + (units - 20000) // 12000 + 1)


def generate_addresses(units: int, rng: random.Random, first_neighbourhood_id: int = 1):
    """Return (neighbourhoods, addresses) for `units` homes, in street order."""
    municipalities = [_Municipality(*row[:4], weight=row[4]) for row in MUNICIPALITIES]
    municipalities = municipalities[: municipality_count(units)]
    total_weight = sum(m.weight for m in municipalities)
    shares = [units * m.weight // total_weight for m in municipalities]
    shares[0] += units - sum(shares)

    neighbourhoods: list[NeighbourhoodPlan] = []
    addresses: list[Address] = []
    next_id = itertools.count(first_neighbourhood_id)
    theme_names = list(THEMES)
    for municipality, share in zip(municipalities, shares, strict=True):
        # About 350 homes of the corporation per neighbourhood; at least two per municipality.
        count = max(2, round(share / 350))
        sizes = _split(share, count, rng)
        themes = rng.sample(theme_names, len(theme_names))
        districts = DISTRICTS[: max(1, min(len(DISTRICTS), count // 4 + 1))]
        for index, size in enumerate(sizes):
            theme = themes[index % len(themes)]
            round_ = index // len(themes)
            name = theme if round_ == 0 else f"{theme} {['', 'II', 'III', 'IV', 'V', 'VI'][round_ % 6]}"
            district_no = index % len(districts)
            plan = NeighbourhoodPlan(
                id=next(next_id),
                code=f"BU{municipality.cbs_code}{district_no:02d}{index:02d}",
                name=name.strip(),
                district=f"{municipality.name}-{districts[district_no]}"
                if districts[district_no] != "Centrum"
                else f"{municipality.name} Centrum",
                municipality=municipality.name,
                area_code=municipality.area_code,
            )
            neighbourhoods.append(plan)
            # Neighbourhoods take their own postcode area where the municipality has enough of them.
            municipality.area_cursor = index
            addresses.extend(_streets(plan, THEMES[theme].split(), size, municipality, rng))
    return neighbourhoods, addresses


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` sizes that vary by about ±40 %."""
    weights = [0.6 + 0.8 * rng.random() for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


def _street_name(stems, municipality: _Municipality, rng: random.Random) -> str:
    for _ in range(40):
        stem = rng.choice(stems)
        suffix = rng.choice(STREET_SUFFIXES)
        name = f"{stem}{suffix}"
        if name not in municipality.street_names:
            municipality.street_names.add(name)
            return name
    # Every stem/suffix pair is taken: number the street, as new-build areas do.
    name = f"{rng.choice(stems)}{rng.choice(STREET_SUFFIXES)} {len(municipality.street_names)}"
    municipality.street_names.add(name)
    return name


def _streets(plan, stems, size, municipality, rng) -> list[Address]:
    addresses: list[Address] = []
    kinds, weights = zip(*STREET_KIND_WEIGHTS, strict=True)
    while len(addresses) < size:
        kind = rng.choices(kinds, weights)[0]
        street = _street_name(stems, municipality, rng)
        remaining = size - len(addresses)
        if kind == StreetKind.ROW:
            homes = min(remaining, rng.randint(12, 90))
            numbers = [(n, "", "") for n in range(1, homes + 1)]
        elif kind == StreetKind.PORCH:
            per_entrance = rng.choice([2, 3, 3, 4])
            entrances = max(1, min(remaining, rng.randint(24, 96)) // per_entrance)
            numbers = [
                (n, letter, "") for n in range(1, 2 * entrances, 2) for letter in "ABCD"[:per_entrance]
            ]
            numbers = numbers[:remaining]
        else:
            homes = min(remaining, rng.randint(30, 160))
            if rng.random() < 0.5:
                start = rng.choice([1, 2, 101, 201])
                numbers = [(start + n, "", "") for n in range(homes)]
            else:
                building = rng.choice([1, 2, 10, 100, 150])
                numbers = [(building, "", str(n)) for n in range(1, homes + 1)]
        addresses.extend(_with_postcodes(plan, street, kind, numbers, municipality))
    return addresses


def _with_postcodes(plan, street, kind, numbers, municipality) -> list[Address]:
    """Give each block of about twenty addresses (odd and even sides apart) its own postcode."""
    block = 20 if kind != StreetKind.FLAT else 30
    postcode_of: dict[tuple[int, int], str] = {}
    result = []
    for i, (number, letter, addition) in enumerate(numbers):
        side = number % 2 if kind == StreetKind.ROW else 0
        key = (side, i // (block * (2 if kind == StreetKind.ROW else 1)))
        if key not in postcode_of:
            postcode_of[key] = municipality.next_postcode()
        result.append(
            Address(street, number, letter, addition, postcode_of[key], plan.municipality, plan, kind)
        )
    return result
