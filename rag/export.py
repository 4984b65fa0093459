"""Answers as a reader takes them away: plain text with the numbered references appended (what
the chat's copy button gives), and a conversation as Markdown or Word (.docx) with full references
(outlet, headline, date, author, address or document id, and the quote), for a notebook or a draft.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from rag.models import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")


def reference(citation: Citation) -> str:
    """[n] "Headline", outlet, date, by author, address or id: "quote" (where it is)."""
    parts = [f'"{citation.title}"']
    parts += [x for x in (citation.source, citation.date) if x]
    if citation.author:
        parts.append(f"by {citation.author}")
    parts.append(citation.url or citation.doc_id)
    where = "" if citation.part == "text" else f" ({citation.location})"
    return f"[{citation.n}] {', '.join(parts)}: “{citation.quote}”{where}"


def plain_text(answer: Answer) -> str:
    """The answer as written, without markdown, then its references."""
    text = answer.text.replace("**", "")
    listed = answer.see_also if answer.abstained else answer.citations
    if not listed:
        return text
    heading = "See also:" if answer.abstained else "References:"
    return "\n".join([text, "", heading, *(reference(c) for c in listed)])


def conversation_markdown(answers: list[Answer]) -> str:
    """Each question and its answer, with the answer's own references under it."""
    lines = ["# citedesk conversation", ""]
    for number, answer in enumerate(answers, 1):
        lines += [f"## {number}. {answer.question}", "", answer.text, ""]
        listed = answer.see_also if answer.abstained else answer.citations
        if listed:
            lines += ["References:", ""]
            lines += [f"- {reference(c)}" for c in listed]
            lines.append("")
    return "\n".join(lines)


def conversation_docx(answers: list[Answer], path: Path) -> Path:
    """The same as `conversation_markdown`, as a Word document (python-docx)."""
    from docx import Document

    document = Document()
    # python-docx's template signs the file "python-docx" and dates it 2013: the product and now.
    document.core_properties.author = "citedesk"
    document.core_properties.last_modified_by = "citedesk"
    document.core_properties.title = "citedesk conversation"
    document.core_properties.created = datetime.now(UTC)
    document.core_properties.modified = datetime.now(UTC)
    document.add_heading("citedesk conversation", level=1)
    for number, answer in enumerate(answers, 1):
        document.add_heading(f"{number}. {answer.question}", level=2)
        for paragraph in answer.text.replace("**", "").split("\n\n"):
            document.add_paragraph(paragraph)
        listed = answer.see_also if answer.abstained else answer.citations
        if listed:
            document.add_paragraph("References:")
            for citation in listed:
                document.add_paragraph(reference(citation), style="List Bullet")
    document.save(str(path))
    return path
