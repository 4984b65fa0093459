"""Opposites that turn a yes/no question's restatement into a no: "Is it easy to sell …?"
against "it is difficult to sell …" (`rag.extractive.yesno`)."""

from __future__ import annotations

from rag.words import text as lang

# Opposites that turn a restatement into a no ("Is it easy to sell …?" against "it is difficult
# to sell …"). No package here lists antonyms; these are the pairs news questions turn on most.
OPPOSITES = [
    ("easy", "difficult hard"),
    ("good decent great", "bad poor abysmal abysmally"),
    ("private privately", "state-owned state public"),
    ("legal allowed permitted", "illegal banned forbidden prohibited"),
    ("increase increased rise rose grow grew", "decrease decreased fall fell shrink shrank"),
    ("win won", "lose lost"),
    ("success successful", "failure failed"),
    ("open opened opening reopen reopened", "close closed closing shut"),
    ("accept accepted", "reject rejected refuse refused"),
    ("large big huge giant", "small mini tiny little"),
    (
        "improve improved improving strengthen strengthened better",
        "weaken weakened weakening worsen worsened worse deteriorate deteriorated",
    ),
]


def _both_ways(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Each term (a stem) of either side, with the terms of the other side."""
    return {
        term: set(lang.terms(against))
        for one, other in pairs
        for side, against in ((one, other), (other, one))
        for term in lang.terms(side)
    }


OPPOSITE = _both_ways(OPPOSITES)


def _nearer(term: str, sentence: str, asked: set[str]) -> bool:
    """The opposite of `term` stands nearer the question's other words than `term` itself, when
    the sentence says both: "allowed under EU rules?" against "… for allowing it to display
    handcuffs … banned in the EU" (banned is next to the EU: no), "banned in the EU?" against
    the same sentence (yes). Said without `term`, the opposite stands."""
    stems = [next(iter(lang.terms(w)), "") for w in lang.WORD.findall(sentence.lower())]
    others = [i for i, stem in enumerate(stems) if stem != term and lang.covered(asked, {stem})]

    def nearest(wanted: set[str]) -> float:
        at = [i for i, stem in enumerate(stems) if stem in wanted]
        return min((abs(i - j) for i in at for j in others), default=float("inf"))

    return term not in stems or nearest(OPPOSITE[term]) < nearest({term})


def turned(term: str, sentence: str, said: set[str], asked: set[str]) -> bool:
    """The sentence says the opposite of the question's `term` where the term would stand; not
    an opposite the question says too ("four failed landings before its first successful
    one?" against "… conceded four failures …")."""
    opposite = {o for o in OPPOSITE.get(term, set()) & said if not lang.covered(asked, {o})}
    return bool(opposite) and _nearer(term, sentence, asked)


# Acts undone by each other, for what a count is of ("How many Uighurs have been released?"
# against "… one million Uighurs … have been rounded up"); not opposites to a yes/no question:
# "The government freed the journalists it had detained" says they were detained.
ACT_OPPOSITES = [("release released free freed", "detain detained arrest arrested rounded")]
OPPOSITE_ACT = _both_ways(ACT_OPPOSITES)


def opposed_acts(one: str, other: str) -> bool:
    """Two words for opposite acts ("released", "rounded")."""
    a, b = lang.terms(one), lang.terms(other)
    return bool(a and b) and b[0] in OPPOSITE_ACT.get(a[0], set())


# Stances taken back: not opposites to a restatement ("Did Beijing confirm the camps existed?"
# is not denied by "after initially denying the camps existed, now describes them as …"), but
# asked whether one was always taken, the other taken once is a no (`rag.extractive.yesno`).
STANCES = [("admit admitted acknowledge acknowledged confirm confirmed", "deny denied denying")]
REVERSED_STANCE = _both_ways(STANCES)
