"""Turn answers into what the chat shows. Every piece of article or user text goes through
`escape_markdown` or `html.escape` here: it is displayed as text, never run as HTML or script."""

from __future__ import annotations

import html
import re

from rag.export import plain_text
from rag.extractive.notices import DISAGREE_NOTICE, TENTATIVE_TEXT
from rag.models import Answer, Citation

# ":" and "@" too: escaped, `http://…`, `www.…` and `a@b.org` in an article are not turned into
# links by the markdown renderer's autolinking; they are shown as text.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:@])")
MARKER = re.compile(r"\\\[(\d+)\\\]")


def escape_markdown(text: str) -> str:
    """Text that Gradio's markdown renderer shows exactly as written: HTML-escaped (so a tag in
    an article is shown, not parsed) and with markdown punctuation backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(text: str, abstained: bool = False, turn: int = 1) -> str:
    """The answer with each `[n]` turned into a link that opens citation n of this answer (the
    conversation's `turn`-th) in the sources panel: every answer keeps its own sources."""
    if abstained:
        return f"*{escape_markdown(text)}* The closest passages are listed under **See also**."
    return MARKER.sub(
        lambda m: f"[\\[{m.group(1)}\\]](#{anchor(turn, int(m.group(1)))})", escape_markdown(text)
    )


def streaming_markdown(text: str, turn: int = 1) -> str:
    """The answer so far, as it streams: without the bold marks, which the finished answer sets
    from the answer's own list of bold strings (`final_markdown`); escaped here, they showed as
    raw asterisks until the answer was done."""
    return answer_markdown(text.replace("**", ""), turn=turn)


def anchor(turn: int, n: int, kind: str = "cite") -> str:
    """The id of citation n of the conversation's `turn`-th answer in the sources panel."""
    return f"a{turn}-{kind}-{n}"


def final_markdown(answer: Answer, turn: int = 1) -> str:
    """The finished answer: quoted, or generated with each unsupported sentence marked."""
    if answer.abstained:
        return answer_markdown(answer.text, abstained=True)
    if answer.mode == "llm" and answer.claims:
        sentences = []
        for claim in answer.claims:
            markers = "".join(f" [{n}]" for n in claim.citations)
            sentence = answer_markdown(claim.text + markers, turn=turn)
            if claim.status != "verified":
                sentence += f" ⚠️ *{claim.status}*"
            sentences.append(sentence)
        text = " ".join(sentences)
        return f"*{escape_markdown(answer.notice)}*\n\n{text}" if answer.notice else text
    return emphasised(answer, answer_markdown(answer.text, turn=turn))


def emphasised(answer: Answer, markdown: str) -> str:
    """The lead (and the rival answer, when sources disagree; a list's titles, names and
    disputed values: `answer.emphasis`) in bold, a list's items on their lines, a tentative
    answer's opening in italics, and a disagreement flagged: only these exact strings are turned
    back into markdown, so nothing an article says can format the answer."""
    bold = answer.emphasis or [lead.text for lead in (answer.lead, answer.rival) if lead]
    for text in bold:
        escaped = escape_markdown(text)
        markdown = markdown.replace(f"\\*\\*{escaped}\\*\\*", f"**{escaped}**", 1)
    # A list's items (articles, names, disagreements) start their own lines; a quote never does.
    markdown = re.sub(r"(?m)^\\- ", "- ", markdown)
    for plain, shown in (
        (DISAGREE_NOTICE, f"⚠️ **{escape_markdown(DISAGREE_NOTICE)}**"),
        (TENTATIVE_TEXT, f"*{escape_markdown(TENTATIVE_TEXT)}*"),
    ):
        escaped = escape_markdown(plain)
        if escaped in markdown:
            markdown = markdown.replace(escaped, shown, 1)
    return markdown


def chat_message(answer: Answer, turn: int = 1) -> str:
    """The finished answer as the chat shows it, with its own list of sources under it (folded):
    each answer keeps its sources where it is, and on a phone a tap on `[n]` opens this list
    instead of scrolling the answer away to the panel (see HEAD)."""
    return f"{final_markdown(answer, turn)}\n\n{answer_sources(answer, turn)}"


def answer_sources(answer: Answer, turn: int = 1) -> str:
    """One line per citation: number, headline, outlet · date · author, and the quote. Raw HTML
    on one line, so the markdown renderer passes it through without reading anything in it;
    classes, not data attributes, mark the items: the chat's sanitizer drops data attributes."""
    listed = answer.see_also if answer.abstained else answer.citations
    if not listed:
        return ""
    heading = "Closest passages (not an answer)" if answer.abstained else "Sources"
    items = []
    for citation in listed:
        marker = "•" if answer.abstained else f"[{citation.n}]"
        quote = " ".join(citation.quote.split())
        items.append(
            f'<li class="cd-source cd-source-{citation.n}"><b>{marker}</b> '
            f"<cite>{html.escape(citation.title)}</cite> "
            f'<span class="cd-meta">{html.escape(provenance(citation))}</span> '
            f"<q>{html.escape(quote)}</q></li>"
        )
    return (
        f'<details class="cd-answer-sources"><summary>{heading} '
        f"({len(listed)})</summary><ul>{''.join(items)}</ul></details>"
    )


EMPTY_PANEL = (
    '<div class="cd-sources"><p class="cd-muted">Citations of the last answer appear here. '
    "Click a [n] in the answer to open its passage.</p></div>"
)


def searching_line(articles: int, selected: bool) -> str:
    """What the chat shows while an answer is found."""
    which = "selected " if selected else ""
    return f"*Searching {articles} {which}article{'s' if articles != 1 else ''}…*"


def conversation_panel(panels: list[str]) -> str:
    """The sources of every answer of the conversation, the latest shown: a click on an older
    answer's `[n]` shows that answer's sources (see HEAD), never the latest one's."""
    if not panels:
        return EMPTY_PANEL
    last = len(panels) - 1
    return "".join(
        f'<div class="cd-turn"{"" if k == last else " hidden"}>{panel}</div>'
        for k, panel in enumerate(panels)
    )


def provenance(citation: Citation) -> str:
    """Who says it and when, as far as the article's header tells: "AFP · 2019-11-19 · by Jane
    Doe"; "undated" when it gives no date, so an undated upload is never taken for a dated one."""
    author = f"by {citation.author}" if citation.author else None
    return " · ".join(x for x in (citation.source, citation.date or "undated", author) if x)


def sources_panel(answer: Answer, turn: int = 1) -> str:
    """Every citation of one answer, each with its quote highlighted in the paragraph it
    carries, and the whole article (read with those paragraphs: `Answer.articles`) with the
    quote highlighted one click away."""
    listed = answer.see_also if answer.abstained else answer.citations
    heading = "See also (not an answer)" if answer.abstained else "Sources"
    heading += f" of answer {turn}" if turn > 1 else ""
    shorter = answer.question if len(answer.question) <= 80 else answer.question[:79] + "…"
    parts = [
        f'<div class="cd-sources" data-turn="{turn}"><h3>{html.escape(heading)}</h3>'
        f'<p class="cd-asked">{html.escape(shorter)}</p>'
    ]
    if answer.notice:
        parts.append(f'<p class="cd-notice">{html.escape(answer.notice)}</p>')
    for citation in listed:
        said = provenance(citation)
        # The id is shown anyway: an article without a header does not show it twice.
        details = f"{html.escape(said)} · " if said != citation.doc_id else ""
        where = "" if citation.part == "text" else f" · {citation.location}"
        whole = _whole_article(citation, answer.articles.get(citation.doc_id, ""))
        kind = "see" if answer.abstained else "cite"
        target = anchor(turn, citation.n, kind)
        marker = f"[{citation.n}]" if not answer.abstained else "•"
        parts.append(
            f'<section class="cd-citation" id="{target}" data-n="{citation.n}">'
            f'<div class="cd-head"><span class="cd-n">{marker}</span> '
            f'<span class="cd-title">{html.escape(citation.title)}</span></div>'
            f'<div class="cd-meta">{details}<code>{html.escape(citation.doc_id)}</code>'
            f"{where}</div>"
            f'<p class="cd-passage">{html.escape(citation.before)}'
            f"<mark>{html.escape(citation.quote)}</mark>"
            f"{html.escape(citation.after)}</p>{whole}</section>"
        )
    if not listed:
        parts.append('<p class="cd-muted">No passage came close.</p>')
    # What the chat's copy button gives for this answer (see HEAD): plain text and references.
    parts.append(f'<pre class="cd-plain" hidden>{html.escape(plain_text(answer))}</pre>')
    parts.append("</div>")
    return "".join(parts)


def _whole_article(citation: Citation, body: str) -> str:
    """The article with the quote highlighted, folded; nothing for a header or caption quote,
    or when the article no longer holds the quote where the citation says."""
    if not citation.stands_in(body):
        return ""
    return (
        '<details class="cd-article"><summary>Whole article</summary>'
        f'<p class="cd-passage">{html.escape(body[: citation.start])}'
        f"<mark>{html.escape(citation.quote)}</mark>"
        f"{html.escape(body[citation.end :])}</p></details>"
    )


CSS = """
.cd-sources { font-size: 0.95em; }
.cd-sources h3 { margin: 0 0 .5em 0; }
.cd-citation { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: .6em .8em; margin-bottom: .6em; }
.cd-citation.cd-active { border-color: var(--color-accent); box-shadow: 0 0 0 2px var(--color-accent); }
.cd-n { font-weight: 700; }
.cd-title { font-weight: 600; }
.cd-meta { color: #55555f; font-size: .85em; margin: .2em 0 .4em 0; }
.cd-passage { margin: 0; white-space: pre-wrap; }
.cd-article summary { cursor: pointer; margin-top: .4em; }
.cd-article .cd-passage { max-height: 24em; overflow-y: auto; }
.cd-passage mark { background: #ffe58a; color: #1a1a1a; padding: 0 .1em; }
.cd-notice { font-weight: 600; color: #9a5b00; }
.cd-answer-sources { margin-top: .6em; font-size: .92em; }
.cd-answer-sources summary { cursor: pointer; font-weight: 600; }
.cd-answer-sources ul { list-style: none; padding-left: 0; margin: .4em 0 0 0; }
.cd-source { margin: 0 0 .5em 0; padding: .2em .4em; border-radius: 6px; }
.cd-source.cd-active { outline: 2px solid var(--color-accent); }
.cd-source .cd-meta { display: block; margin: .1em 0; }
.cd-source cite { font-style: normal; font-weight: 600; }
.cd-muted { color: #55555f; }
.cd-asked { font-style: italic; margin: 0 0 .5em 0; color: #55555f; }
/* Every text/background pair at least 4.5:1 (WCAG AA) in both themes: Gradio's subdued text
   colour is lighter than that, and a highlight keeps dark text whatever the theme. One selector
   per dark rule: in a selector list only the first took effect in the chat. */
.dark .cd-meta { color: #b4b4bf; }
.dark .cd-muted { color: #b4b4bf; }
.dark .cd-asked { color: #b4b4bf; }
.dark .cd-notice { color: #ffb454; }
/* While an answer is found the chat shows one "Searching N articles…" line; Gradio's own timer
   still appears on a streaming chatbot whatever the event's show_progress says. */
#chat .progress-text { display: none; }
#sources-panel .progress-text { display: none; }
"""

# Clicking a citation marker opens that citation of that answer in the panel (showing that
# answer's sources, hiding the others') instead of following the link.
HEAD = """
<script>
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest('a[href^="#a"][href*="-cite-"]');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  // On a phone the panel is far below: open the answer's own source list instead, so the
  // answer stays in view.
  if (window.matchMedia("(max-width: 768px)").matches) {
    const message = link.closest(".message-row") || link.closest("[data-testid='bot']");
    const list = message && message.querySelector(".cd-answer-sources");
    const n = link.getAttribute("href").split("-cite-")[1];
    const item = list && list.querySelector(".cd-source-" + n);
    if (item) {
      list.open = true;
      list.querySelectorAll(".cd-source").forEach(function (el) {
        el.classList.toggle("cd-active", el === item);
      });
      item.scrollIntoView({ block: "nearest" });
      return;
    }
  }
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  const turn = target.closest(".cd-turn");
  if (turn) {
    turn.parentElement.querySelectorAll(":scope > .cd-turn").forEach(function (el) {
      el.hidden = el !== turn;
    });
  }
  document.querySelectorAll(".cd-citation.cd-active").forEach(function (el) {
    el.classList.remove("cd-active");
  });
  target.classList.add("cd-active");
  target.scrollIntoView({ behavior: "smooth", block: "nearest" });
}, true);
// Copying an answer gives its plain text with the references, not the escaped markdown.
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest(
    '#chat button[aria-label="Copy message"]');
  if (!button) return;
  const bots = [...document.querySelectorAll("#chat [data-testid='bot']")];
  const row = button.closest(".message-row");
  const index = bots.findIndex(function (bot) { return row && row.contains(bot); });
  const turns = document.querySelectorAll("#sources-panel .cd-turn");
  const plain = index >= 0 && turns[index] && turns[index].querySelector(".cd-plain");
  if (!plain) return;
  event.preventDefault();
  event.stopPropagation();
  navigator.clipboard.writeText(plain.textContent);
}, true);
// Screen readers read each answer as shown, not its markdown source with backslashes.
new MutationObserver(function () {
  document.querySelectorAll("#chat [data-testid='bot']").forEach(function (bot) {
    const label = bot.getAttribute("aria-label") || "";
    if (label.includes("\\\\")) bot.setAttribute("aria-label", "citedesk: " + bot.innerText);
  });
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true,
  attributeFilter: ["aria-label"] });
</script>
"""
