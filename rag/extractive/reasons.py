"""Why and how questions, which seldom have a span to point at: when their best sentence is
offered rather than refused, the sentence before it that gives the cause a "thus" refers to, and
the one after a conclusion that stands as a paragraph of its own, which gives its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.extractive.candidates import Candidate, candidates
from rag.words import text as lang

# A question asking why or how, with no span to point at: its best sentence is offered as the
# closest the articles come when it is this close to the question by meaning or by words.
# Only a why: offering the closest sentence to a "what did X add?" cost a third of the refusals
# of unanswerable questions on the SQuAD 2.0 dev split (28 -> 21%).
OPEN_KINDS = {"reason"}
CLOSE_MEANING = 0.35
CLOSE_WORDS = 0.4
# "Concerns about the system thus appear to be well placed": the reason is the sentence before.
RESULT = re.compile(
    r"\b(?:thus|therefore|hence|consequently|as a result|that is why|this is why|so)\b", re.I
)


def close(best: Candidate) -> bool:
    """Close enough to the question, by meaning or by words, to be offered."""
    return best.dense >= CLOSE_MEANING or best.lexical >= CLOSE_WORDS


def cause_before(best: Candidate, pool: list[Candidate]) -> Candidate | None:
    """The sentence right before the best one, in any passage read of its article, when the best
    says it follows from it."""
    if not RESULT.search(best.text):
        return None

    def right_before(c: Candidate) -> bool:
        return c.doc_id == best.doc_id and c.end <= best.start <= c.end + 3

    return _beside(best, pool, right_before)


def evidence_after(best: Candidate, pool: list[Candidate]) -> Candidate | None:
    """The first sentence of the next paragraph, when the best is a conclusion ("Concerns about
    the system thus appear to be well placed.") standing as a paragraph of its own: a news
    writer's turn, whose next paragraph says what bears it out (the documents on Xinjiang)."""
    if not RESULT.search(best.text) or not _alone(best):
        return None
    return _right_after(best, pool, 3)  # a paragraph break between them


# "The human rights group stated that they constituted torture devices": a sentence opening on
# what the one before it named goes on with its story (the complaint, then what it said).
GOES_ON = re.compile(
    r"^(?:it|its|he|she|they|their|this(?! (?:year|week|month|time)\b)|these|the (?:[\w-]+ ){0,2}"
    r"(?:company|firm|group|organi[sz]ation|campaigners?|government|ministry|agency|authorities|"
    r"report|organi[sz]ers))\b",
    re.IGNORECASE,
)


def continued_after(best: Candidate, pool: list[Candidate]) -> Candidate | None:
    """The sentence right after the best one, when it opens by referring back to it: a
    reason is often said in the sentence after the deed ("Amnesty filed a complaint…" then "The
    human rights group stated that they constituted torture devices"), or in a quotation opening
    the next paragraph ("… the Shenzhen region near Hong Kong", then ""It's the Silicon Valley of
    China," said …")."""
    after = _right_after(best, pool, 1)  # the same paragraph
    if after is not None:
        return after if GOES_ON.match(after.text) else None
    after = _right_after(best, pool, 3)  # the next paragraph's quotation saying what it is
    return after if after is not None and SAYS_WHAT_IT_IS.match(after.text) else None


# A quotation saying what the thing just named is: ""It's the Silicon Valley of China," said …".
SAYS_WHAT_IT_IS = re.compile(r"^[\"“](?:it|this|that)(?:['’]s| is)\b", re.I)


def _right_after(best: Candidate, pool: list[Candidate], gap: int) -> Candidate | None:
    """The sentence starting within `gap` characters of the best one's end, in its article."""
    return _beside(
        best, pool, lambda c: c.doc_id == best.doc_id and best.end <= c.start <= best.end + gap
    )


def with_context(
    best: Candidate, pool: list[Candidate], chosen: list[Candidate], question: str = ""
) -> list[Candidate]:
    """The sentences chosen for a why, with the cause a "thus" in the best one refers to just
    before it, and just after it the evidence a conclusion standing alone introduces, the
    sentence that goes on with the best one's story, or the two that follow a sentence that only
    states what the question asks the reason for."""
    chosen = list(chosen)
    if (cause := cause_before(best, pool)) is not None and cause not in chosen:
        chosen.insert(chosen.index(best) if best in chosen else 0, cause)
    after = evidence_after(best, pool) or continued_after(best, pool)
    following = [after] if after is not None else _after_the_premise(question, best, pool)
    at = chosen.index(best) + 1 if best in chosen else len(chosen)
    for sentence in reversed(following):
        if sentence not in chosen:
            chosen.insert(at, sentence)
    return chosen


# Words that give a reason within the sentence: "closed the stand … after campaigners called
# them out", "because", "owing to".
GIVES_REASON = re.compile(
    r"\b(?:because|since|after|due to|owing to|thanks to|as a result of|in order to|so that|"
    r"aimed at|for fear|for (?:\w+ing)|over (?:its|their|the)|amid)\b",
    re.IGNORECASE,
)


def _after_the_premise(question: str, best: Candidate, pool: list[Candidate]) -> list[Candidate]:
    """The two sentences after the best one in its paragraph, when the best only says what the
    question asks the reason for ("What made Chinese participation raise eyebrows?" and "…
    participation in the Milipol fair … has raised some eyebrows in the past.") and gives none:
    a news story states a thing, then what it was about."""
    asked = set(lang.terms(question))
    if len(asked) < 3 or GIVES_REASON.search(best.text):
        return []
    if len(asked - lang.covered(asked, set(lang.terms(best.text)))) > 1:
        return []
    first = _right_after(best, pool, 1)
    second = _right_after(first, pool, 1) if first is not None else None
    return [s for s in (first, second) if s is not None]


def _alone(sentence: Candidate) -> bool:
    """The sentence is a whole paragraph of its passage: a line break, or the passage's edge,
    on either side of it."""
    text = sentence.node.node.get_content()
    base = int(sentence.node.node.metadata.get("start", 0))
    before, after = text[: sentence.start - base], text[sentence.end - base :]
    opens = not before.strip() or before.rstrip(" ").endswith("\n")
    closes = not after.strip() or after.lstrip(" ").startswith("\n")
    return opens and closes


def _beside(
    best: Candidate, pool: list[Candidate], beside: Callable[[Candidate], bool]
) -> Candidate | None:
    """The sentence `beside` picks, from those read or else from the passages read whole."""
    if (read := next((c for c in pool if beside(c)), None)) is not None:
        return read  # scored and parsed already
    passages = list({id(c.node): c.node for c in pool if c.doc_id == best.doc_id}.values())
    return next((c for c in candidates(passages) if beside(c)), None)


# Where a sentence gives a cause or a purpose: "owing in part to having acquired firms …",
# "because …", "aimed at dampening …" ("after" and "for" are left out: "after initially
# denying …" tells when, "for Beijing" for whom).
CAUSE = re.compile(
    r"\b(?:owing (?:in part |partly )?to|because(?: of)?|due to|thanks to|as a result of|"
    r"in order to|so as to|so that|aimed at|on the grounds that)\s+",
    re.I,
)
CLAUSE_END = re.compile(r"[,.;:()\"“”]|\s[–—-]\s")
STATEMENT_END = re.compile(r"[.;:()\"“”]|\s[–—-]\s")
OPENER = re.compile(r"^[\s\"“‘']*(?:(?:but|and|so|yet)\b)?", re.I)
# What is counted or dated is seldom why: "40%" for "How come Hytera makes so much abroad?".
NO_REASON = {"quantity", "percent", "money", "date"}


def no_reason(question: str, text: str, kind: str) -> bool:
    """A span read for a why question that gives no reason: a figure or a date, or mostly the
    question's own words ("thus appear to be well placed" for "Why are concerns about the system
    considered well placed?")."""
    said = lang.terms(text)
    own = set(lang.terms(question))
    return kind in NO_REASON or (bool(said) and 2 * sum(t in own for t in said) >= len(said))


def cause_clauses(question: str, sentences: list[Candidate]) -> list[tuple[Candidate, int, int]]:
    """The clauses of cause or purpose the sentences give (from their marker to the clause's
    end, as offsets in each sentence): the reader, trained on questions asking for a thing
    named, often reads the effect a why question restates ("40%") and not the clause after
    "owing in part to"."""
    found = []
    for candidate in sentences:
        for marker in CAUSE.finditer(candidate.text):
            # A clause opening the sentence ends at its comma ("Because of the ban, …"); one
            # after the statement runs to the statement's end ("…, owing in part to having
            # acquired firms in Britain, Canada and Spain.", "… because in most public spaces,
            # we have this system to secure the situation," said …).
            opening = not OPENER.sub("", candidate.text[: marker.start()]).strip()
            ends = CLAUSE_END if opening else STATEMENT_END
            close = ends.search(candidate.text, marker.end())
            end = close.start() if close else len(candidate.text.rstrip(" ."))
            end = len(candidate.text[:end].rstrip(" ,"))
            if not no_reason(question, candidate.text[marker.end() : end], "span"):
                found.append((candidate, marker.start(), end))
    return found
