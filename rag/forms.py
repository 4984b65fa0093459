"""The form of answer a question needs, beyond one fact: an overview, the articles that mention
something, or a fact about an article itself (its author, date, outlet, headline or photo).

Read from the wording, as a table of patterns: each form is a handful of ways journalists ask
for it, and a pattern that misses falls back to the single-fact answerer, which still quotes the
best sentences.
"""

from __future__ import annotations

import re

ARTICLE = r"(?:articles?|stories|story|reports?|pieces?|pages?|documents?|coverage)"
# A question about an article's header must name the article: "Which newspaper released the
# documents?" is a question about the news, "Which outlet published the article on Lyon?" is not.
NAMES_AN_ARTICLE = re.compile(rf"\b{ARTICLE}\b|[\"“‘'].{{8,}}[\"”’']", re.IGNORECASE)

FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "articles",
        re.compile(
            rf"^(?:which|what) {ARTICLE} (?:\w+ )?(?:mentions?|covers?|discuss(?:es)?|"
            r"talks? about|(?:are|is) about|reports? on|refers? to|names?|quotes?|features?)"
            r"\s+(?P<subject>.+?)[?.!\s]*$"
            rf"|^(?:list|show|find)(?: me)?(?: all)?(?: the)? {ARTICLE} (?:that )?"
            r"(?:mention(?:s|ing)?|about|on|covering|naming)\s+(?P<subject2>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "author",
        re.compile(
            r"^who (?:wrote|authored|penned|is the author of|was the author of)\s+"
            r"(?P<subject>.+?)[?.!\s]*$|^(?:what is |what's )?the (?:author|byline) of\s+"
            r"(?P<subject2>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            r"^when (?:was|were|did)\s+(?P<subject>.+?)\s+(?:published|written|posted|"
            r"come out|appear|dated)[?.!\s]*$|^(?:what is |what's )?the (?:publication|"
            r"publishing|release) date of\s+(?P<subject2>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "source",
        re.compile(
            r"^(?:which|what) (?:outlet|newspaper|paper|publication|site|website|"
            r"(?:news )?agency|magazine|media outlet) (?:published|ran|carried|wrote)\s+"
            r"(?P<subject>.+?)[?.!\s]*$|^who published\s+(?P<subject2>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "title",
        re.compile(
            r"^what (?:is|was) the (?:headline|title) of\s+(?P<subject>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "photo",
        re.compile(
            r"^(?:where|when|what|who|whom)\b.*?\b(?:photo|picture|image|photograph|caption)s?\b"
            r"(?:\s+(?:in|of|with|from|for|accompanying)\s+(?P<subject>.+?))?"
            r"(?:\s+(?:taken|shot|showing|shows?|depicts?))?[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "overview",
        re.compile(
            r"^what (?:has )?happen(?:ed|s|ing) (?:at|in|with|to|during|on|over)\s+"
            r"(?P<subject>.+?)[?.!\s]*$"
            r"|^(?:please )?summari[sz]e\s+(?:what (?:the )?\w+ says? (?:about|on)\s+)?"
            r"(?P<subject2>.+?)[?.!\s]*$"
            r"|^(?:give me |what is |what's )?(?:an? )?(?:overview|summary|rundown) of\s+"
            r"(?P<subject3>.+?)[?.!\s]*$"
            r"|^(?:tell me|brief me) (?:about|on)\s+(?P<subject4>.+?)[?.!\s]*$"
            rf"|^what do(?:es)? (?:the |these |our )?{ARTICLE} (?:say|report) (?:about|on)\s+"
            r"(?P<subject5>.+?)[?.!\s]*$"
            rf"|^what (?:does|did) (?P<subject6>(?:[\"“‘'].+?[\"”’']|(?:the )?.*?\b{ARTICLE}\b.*?))"
            r" (?:report|say|cover|describe)[?.!\s]*$"
            rf"|^what (?:is|was) (?P<subject7>(?:[\"“‘'].+?[\"”’']|(?:the )?.*?\b{ARTICLE}\b.*?))"
            r" about[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
]
ABOUT_ARTICLE = {"author", "date", "source", "title", "photo"}


def question_form(question: str) -> tuple[str, str | None]:
    """(form, subject): "fact" and None unless the wording asks for another form."""
    q = " ".join(question.split())
    for form, pattern in FORMS:
        match = pattern.search(q)
        if match is None:
            continue
        subject = next((v for v in match.groupdict().values() if v), "")
        if form in ABOUT_ARTICLE - {"photo"} and not NAMES_AN_ARTICLE.search(subject):
            continue
        return form, subject.strip()
    return "fact", None


# "this year", "last week": when, not what; the articles' dates already say it.
RELATIVE_TIME = r"\b(?:this|last|past|next|previous) (?:year|month|week|weekend|time)\b|" + (
    r"\b(?:today|yesterday|recently|lately|so far)\b"
)


def article_subject(subject: str) -> str:
    """What an article or an overview is looked up by: "the article about Lyon" -> "Lyon", "the
    Lyon story" -> "Lyon", "Milipol this year" -> "Milipol"; a quoted title stays as it is,
    without its quotes."""
    quoted = re.search(r"[\"“‘'](.{8,}?)[\"”’']", subject)
    if quoted:
        return quoted.group(1)
    text = re.sub(RELATIVE_TIME, " ", subject, flags=re.IGNORECASE)
    text = re.sub(rf"\b(?:the|this|that|an?|{ARTICLE})\b", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"^\s*(?:about|on|of|from|in|by)\b|\b(?:about|on|of)\s*$", " ", text.strip())
    return " ".join(text.split()) or subject
