"""Words for a composed answer: the lead first, then the quotes that support it, each cited."""

from __future__ import annotations

from rag.answer import ABSTAIN_TEXT, DISAGREE_NOTICE, TENTATIVE_TEXT, Candidate, Composition
from rag.models import Citation, Lead
from rag.spans import Span


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
        return _spaced([*notices, ABSTAIN_TEXT, *why]), " ".join(notices) or None
    lead = lead_of(composition.lead, composition.chosen)
    rival = lead_of(composition.rival, composition.chosen)
    quoted = {c.n: f"{c.quote} [{c.n}]" for c in citations}
    out: list[str] = list(notices)
    if rival is not None and lead is not None:
        notices.append(DISAGREE_NOTICE)
        out.append(DISAGREE_NOTICE)
        for version in (lead, rival):
            out.append(f"**{version.text}** [{version.n}] {_attribution(citations[version.n - 1])}: "
                       f"{quoted.pop(version.n)}")
        out.extend(quoted.values())
        return _spaced(out), " ".join(notices)
    if composition.outcome == "tentative":
        out.append(TENTATIVE_TEXT)
    if lead is not None:
        out.append(f"**{lead.text}** [{lead.n}]")
    out.extend(quoted.values())
    return _spaced(out), " ".join(notices) or None


def _formed(composition: Composition, citations: list[Citation]) -> list[str]:
    """An overview article by article; a list of articles one per line; an article's header."""
    if composition.abstained:
        return [composition.intro or ABSTAIN_TEXT]
    intro = [composition.intro] if composition.intro else []
    if composition.form == "articles":
        notes = composition.notes or [""] * len(citations)
        lines = [
            f"- {_article(c)}: {c.quote} [{c.n}]{note}"
            for c, note in zip(citations, notes, strict=True)
        ]
        return [*intro, "\n".join(lines)]
    if composition.form == "overview":
        paragraphs: list[str] = []
        for citation in citations:
            quote = f"{citation.quote} [{citation.n}]"
            if citations[0] is citation or citations[citation.n - 2].doc_id != citation.doc_id:
                paragraphs.append(f"{_article(citation)}: {quote}")
            else:
                paragraphs[-1] += f" {quote}"
        return [*intro, *paragraphs]
    if composition.form == "photo" and composition.chosen[0].part == "caption":
        return [*intro, *(f"{c.quote} [{c.n}]" for c in citations)]
    lead = lead_of(composition.lead, composition.chosen)
    if lead is None:
        return [f"{composition.intro} [1]"]
    return [f"**{lead.text}** [{lead.n}]", f"{citations[0].quote} [{citations[0].n}]"]


def _article(citation: Citation) -> str:
    """**Title** (outlet, date): how an article is named in an overview or a list."""
    details = ", ".join(x for x in (citation.source, citation.date) if x)
    return f"**{citation.title}**" + (f" ({details})" if details else "")


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
