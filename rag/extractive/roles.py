"""Who did it to whom, read from where the names stand: a yes/no question whose names the sentence
says the other way round ("Did Thailand sell drones to GDU?" against "GDU … sold … to Thailand")
is a No, however many words they share.
"""

from __future__ import annotations

import re
from itertools import pairwise

from rag.extractive.restatement import restated
from rag.words import text as lang

NAMED = r"[A-Z]\w+(?:\s+[A-Z]\w+)*"
# "Was Hytera acquired by firms in Britain?": the passive, and who it says did it.
PASSIVE = re.compile(
    r"^\s*(?:was|were|is|are|has been|have been)\s+(?:\w+\s+){1,4}?(?P<verb>\w+(?:ed|en)|bought|"
    r"sold|made|held|run|shown)\s+by\s+(?:(?:the|a|an|its|their)\s+)?(?P<agent>[\w-]+)",
    re.I,
)


def by_reversal(question: str, sentence: str, before: str = "") -> str | None:
    """Who did it to whom, swapped, the rest restated: "Did Thailand sell drones to GDU?" against
    "GDU … sold … drones … to Thailand"; "Was Hytera acquired by firms in Britain?" against
    "(the company) … having acquired firms in Britain": no."""
    if not restated(question, sentence, before=before):
        return None
    asked = set(lang.terms(question))
    for mine in re.finditer(rf"\b(to|from)\s+(?:the\s+)?({NAMED})", question):
        own = set(lang.terms(mine.group(2)))
        theirs = [
            set(lang.terms(m.group(1)))
            for m in re.finditer(rf"\b{mine.group(1)}\s+(?:the\s+)?({NAMED})", sentence)
        ]
        if theirs and not any(t & own for t in theirs) and any(t and t <= asked for t in theirs):
            return "No"  # another of the question's names where it stands
    passive = PASSIVE.match(question)
    verb, agent = (lang.terms(passive[k]) for k in ("verb", "agent")) if passive else ([], [])
    if not verb or not agent:
        return None
    acts = {verb[0], *lang.SAME_ACT.get(verb[0], set())}
    words = [t for w in lang.WORD.findall(sentence) for t in lang.terms(w) or ["·"]]
    acted_on = any(word in acts and after == agent[0] for word, after in pairwise(words))
    return "No" if acted_on else None  # the agent asked for is what the verb acted on
