"""Words for a composed answer: the lead first, then the quotes that support it, each cited."""

from __future__ import annotations

from collections.abc import Generator
from itertools import groupby

from rag.extractive import changes
from rag.extractive.answer import Composition, citation
from rag.extractive.candidates import Candidate
from rag.extractive.notices import ABSTAIN_TEXT, CHANGE_NOTICE, DISAGREE_NOTICE, TENTATIVE_TEXT
from rag.extractive.spans import Span
from rag.models import Citation, Filters, Lead


def worded(
    composition: Composition, notice: str | None, filters: Filters | None
) -> Generator[str, None, dict]:
    """The composition in words; yields the text, returns the Answer's fields. A refusal
    names the filters the search was read through."""
    composition.scope = filters.scope() if filters is not None else None
    citations = [citation(n, c) for n, c in enumerate(composition.chosen, 1)]
    texts, notices = pieces(composition, citations, notice)
    yield from texts
    return {
        "text": "".join(texts),
        "citations": citations,
        "abstained": composition.abstained,
        "outcome": composition.outcome,
        "confidence": round(composition.probability, 4),
        "lead": lead_of(composition.lead, composition.chosen),
        "rival": lead_of(composition.rival, composition.chosen),
        "evidence": composition.evidence,
        "see_also": [citation(n, c) for n, c in enumerate(composition.see_also, 1)],
        "notice": notices,
        "emphasis": emphasis(composition, citations),
    }


def lead_of(span: Span | None, chosen: list[Candidate]) -> Lead | None:
    if span is None or span.candidate not in chosen:
        return None
    n = chosen.index(span.candidate) + 1
    return Lead(text=span.text, n=n, start=span.start, end=span.end)


def pieces(
    composition: Composition, citations: list[Citation], notice: str | None = None
) -> tuple[list[str], str | None]:
    """The answer's text in the pieces it streams in, and the notice above it."""
    notices = [notice] if notice else []
    if composition.form != "fact":
        return _spaced([*notices, *_formed(composition, citations)]), " ".join(notices) or None
    if composition.abstained:
        missing = [f'"{name}"' for name in composition.unknown]
        why = [f"None of them mentions {' or '.join(missing)}."] if missing else []
        if composition.nameless:
            why.append("The passages read do not give the name asked for.")
        if composition.another_time:
            why.append(
                f"The passages read speak of their own time, not of {composition.another_time}."
            )
        if composition.told_instead:
            told, asked = composition.told_instead
            why.append(f'The passages read tell of "{told}", not of "{asked}".')
        if composition.scope:
            why.append(f"Searched only {composition.scope}; the answer may be in the others.")
        return _spaced([*notices, ABSTAIN_TEXT, *why]), " ".join(notices) or None
    lead = lead_of(composition.lead, composition.chosen)
    rival = lead_of(composition.rival, composition.chosen)
    quoted = {c.n: f"{c.quote} [{c.n}]" for c in citations}
    out: list[str] = [*notices, *([composition.intro] if composition.intro else [])]
    if rival is not None and lead is not None and composition.changed:
        out.append(CHANGE_NOTICE)
        older, newer = sorted((lead, rival), key=lambda v: citations[v.n - 1].date or "")
        out.append(
            f"**{older.text}** [{older.n}] ({citations[older.n - 1].date}) → "
            f"**{newer.text}** [{newer.n}] ({citations[newer.n - 1].date})"
        )
        out.extend(quoted.values())
        return _spaced(out), " ".join(notices) or None
    if rival is not None and lead is not None:
        notices.append(DISAGREE_NOTICE)
        out.append(DISAGREE_NOTICE)
        for version in (lead, rival):
            out.append(
                f"**{version.text}** [{version.n}] {_attribution(citations[version.n - 1])}: "
                f"{quoted.pop(version.n)}"
            )
        out.extend(quoted.values())
        return _spaced(out), " ".join(notices)
    if composition.verdict is not None:
        first = citations[0].n
        out.append(f"**{composition.verdict}**: {quoted.pop(first)}")
    elif composition.outcome == "tentative":
        out.append(TENTATIVE_TEXT)
    if lead is not None:
        out.append(f"**{lead.text}** [{lead.n}]")
    out.extend(quoted.values())
    return _spaced(out), " ".join(notices) or None


def _formed(composition: Composition, citations: list[Citation]) -> list[str]:
    """An overview or a comparison article by article, then where the articles disagree; a list
    of disagreements; a list of articles one per line; quotations; an article's header."""
    if composition.abstained:
        scope = [f"Searched only {composition.scope}."] if composition.scope else []
        return [composition.intro or ABSTAIN_TEXT, *scope]
    intro = [composition.intro] if composition.intro else []
    if composition.form == "articles":
        notes = composition.notes or [""] * len(citations)
        dated = any(c.date for c in citations)
        lines = [
            f"- {_article(c, dated)}: {c.quote} [{c.n}]{note}"
            for c, note in zip(citations, notes, strict=True)
        ]
        return [*intro, "\n".join(lines)]
    if composition.form == "entities":
        shown: set[int] = set()
        lines = []
        for name, index in composition.items:
            cited = citations[index]
            said = f": {cited.quote} [{cited.n}]" if cited.n not in shown else ""
            shown.add(cited.n)
            lines.append(f"- **{name}** [{cited.n}]{said}")
        return [*intro, "\n".join(lines)]
    if composition.form == "headers":  # one article's header field a line (`rag.forms.about`)
        lines = [f"- **{name}** [{citations[index].n}]" for name, index in composition.items]
        return [*intro, "\n".join(lines)]
    if composition.form == "disagreements":
        return [*intro, "\n".join(_disputes(composition, citations, shown=set()))]
    if composition.form == "timeline":  # a line per event, oldest first (`rag.forms.timeline`)
        lines = []
        for label, group in groupby(composition.items, key=lambda item: item[0]):
            cited = [citations[index] for _, index in group]
            who = ", ".join(dict.fromkeys(c.source or c.title for c in cited))
            also = "".join(f" [{c.n}]" for c in cited[1:])
            lines.append(f"- **{label}** ({who}): {cited[0].quote} [{cited[0].n}]{also}")
        return [*intro, "\n".join(lines)]
    if composition.form in {"overview", "compare"}:
        own = citations[: composition.summarised or len(citations)]
        paragraphs: list[str] = []
        dated = any(c.date for c in own)
        for index, citation in enumerate(own):
            quote = f"{citation.quote} [{citation.n}]"
            if index == 0 or own[index - 1].doc_id != citation.doc_id:
                paragraphs.append(f"{_article(citation, dated)}: {quote}")
            else:
                paragraphs[-1] += f" {quote}"
        if composition.disputes:
            shown = {c.n for c in own}
            lines = _disputes(composition, citations, shown)
            moved = all(
                changes.over_time(a.candidate, b.candidate) for a, b in composition.disputes
            )
            paragraphs.append(f"{CHANGE_NOTICE if moved else DISAGREE_NOTICE}\n" + "\n".join(lines))
        return [*intro, *paragraphs]
    if composition.form == "quote" or (
        composition.form == "photo" and composition.chosen[0].part == "caption"
    ):
        return [*intro, *(f"{c.quote} [{c.n}]" for c in citations)]
    lead = lead_of(composition.lead, composition.chosen)
    if lead is None:
        return [f"{composition.intro} [1]"]
    return [f"**{lead.text}** [{lead.n}]", f"{citations[0].quote} [{citations[0].n}]"]


def _disputes(composition: Composition, citations: list[Citation], shown: set[int]) -> list[str]:
    """One line per disagreement: each side's answer, cited, with who says it; the sentences
    not already quoted above follow."""
    number = {id(c): n for n, c in enumerate(composition.chosen, 1)}
    lines = []
    for one, other in composition.disputes:
        moved = changes.over_time(one.candidate, other.candidate)
        if moved:  # a change over time, oldest first
            one, other = sorted((one, other), key=lambda s: changes.published(s.candidate))
        sides = [citations[number[id(s.candidate)] - 1] for s in (one, other)]
        said = [
            f"**{span.text}** [{c.n}] " + (f"({c.date})" if moved else _attribution(c))
            for span, c in zip((one, other), sides, strict=True)
        ]
        quotes = [f"{c.quote} [{c.n}]" for c in sides if c.n not in shown]
        shown.update(c.n for c in sides)
        joined = f"{said[0]} → {said[1]}" if moved else f"{said[0]} against {said[1]}"
        lines.append(f"- {joined}" + (": " + " ".join(quotes) if quotes else ""))
    return lines


def _article(citation: Citation, dated: bool = False) -> str:
    """**Title** (outlet, date): how an article is named in an overview or a list; where other
    articles beside it are `dated`, an undated one says so, not to be taken for the newest."""
    day = citation.date or ("undated" if dated else None)
    details = ", ".join(x for x in (citation.source, day) if x)
    return f"**{citation.title}**" + (f" ({details})" if details else "")


def emphasis(composition: Composition, citations: list[Citation]) -> list[str]:
    """The exact strings the answer sets in bold (the lead, titles, names, disputed values): a
    renderer un-escapes only these, so nothing an article says can format the answer."""
    bold = [s.text for s in (composition.lead, composition.rival) if s is not None]
    if composition.form in {"articles", "overview", "compare"}:
        bold += [c.title for c in citations]
    bold += [name for name, _ in composition.items]
    bold += [s.text for pair in composition.disputes for s in pair]
    return list(dict.fromkeys(bold))


def _attribution(citation: Citation) -> str:
    """Who says it and when: "according to The Verge (2024-03-02)"."""
    who = citation.source or citation.title
    return f"according to {who} ({citation.date})" if citation.date else f"according to {who}"


def _spaced(parts: list[str]) -> list[str]:
    """Pieces to stream: the lead and each version on a line of its own."""
    out = []
    for index, part in enumerate(parts):
        if index == 0:
            out.append(part)
        elif part.startswith(("**", "- ")) or parts[index - 1].startswith("**"):
            out.append(f"\n\n{part}")
        else:
            out.append(f" {part}")
    return out
