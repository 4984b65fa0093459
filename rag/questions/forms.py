"""The form of answer a question needs, beyond one fact: an overview, the articles that mention
something, or a fact about an article itself (its author, date, outlet, headline or photo).

Read from the wording, as a table of patterns: each form is a handful of ways journalists ask
for it, and a pattern that misses falls back to the single-fact answerer, which still quotes the
best sentences.
"""

from __future__ import annotations

import re

from rag.questions.nouns import NOTED_FIGURES

# "Is it the second article that …": one article named (not "both", "only one", "is it true");
# the article's words, with their determiner, are groups 1 and 2 (`rag.forms.whether_mentioned`).
IT_IS_ARTICLE = (
    r"(?!.*\b(?:both|the other|just one|only one)\b)(?:is|was) it (?!true\b|the case\b)"
    r"((?:the |this |that )?)((?:[\w'’-]+ ){0,5}?(?:article|story|piece|report)) (?:that|which) "
)
# Words for an article; the second kind names other things too ("government documents").
ARTICLE_NOUNS = r"articles?|stories|story|pieces?|pages?|outlets?"
LOOSE_ARTICLE_NOUNS = r"reports?|documents?|sources?|coverage"
ARTICLE = rf"(?:{ARTICLE_NOUNS}|{LOOSE_ARTICLE_NOUNS})"
QUOTED_TITLE = r"[\"“‘'].{8,}[\"”’']"
WHICH = r"(?:the |these |our |both |both the |the two |all the |all )?"
# "each article", "each of the two pieces": every article the question reads, one by one.
EACH_ARTICLE = re.compile(
    r"\beach (?:of the (?:two )?)?(?:articles?|pieces?|stor(?:y|ies)|reports?)\b", re.I
)  # "both articles"
# A question about an article's header must name the article: "Which newspaper released the
# documents?" is a question about the news, "Which outlet published the article on Lyon?" is not.
NAMES_AN_ARTICLE = re.compile(rf"\b{ARTICLE}\b|{QUOTED_TITLE}", re.IGNORECASE)
# "the overall picture", "the big picture": the whole story, not a photo.
FIGURATIVE = re.compile(
    r"\b(?:overall|big|bigger|broader|wider|full|fuller|whole|clear) picture\b", re.IGNORECASE
)
# Of those, the header's forms take "documents", "reports", "sources" and "coverage" for the
# articles only as "the documents", "these reports": "Which newspaper published the trove of
# government documents?" asks about the news.
HEADER_NAMES_ARTICLE = re.compile(
    rf"\b(?:{ARTICLE_NOUNS})\b|\b(?:the|this|that|these|those|both|each|which|its|your|our)\s+"
    rf"(?:{LOOSE_ARTICLE_NOUNS})\b|{QUOTED_TITLE}",
    re.IGNORECASE,
)

# The line under a headline, and the headings inside an article.
SUBTITLE = r"(?:subtitle|sub-title|subheadline|sub-headline|standfirst|strapline|dek|tagline)"
HEADING = r"(?:heading|subheading|section|part)"
# Not "the first subheading", "the last subhead": one of its sections' headings.
NOT_NTH = "".join(
    f"(?<!{w} )" for w in "first second third fourth fifth last final 1st 2nd 3rd next".split()
)
# "How does the subheadline characterise the devices?", "What does the standfirst say?"
SUBTITLE_SAYS = re.compile(
    rf"^\s*(?:what|how) (?:does|do|did) (?:the |its |a )?(?:{SUBTITLE}|sub-?head)"
    r"(?: of (?P<subject>.+?))? (?:say|read|tell|describe|characteri[sz]e|call|put|frame)\b.*$",
    re.IGNORECASE,
)
SECTIONS = (
    r"(?:section )?(?:sub-?)?headings|sub-?heads|sections|crossheads|"
    r"(?:first|last|second) (?:sub-?)?heading"
)

# One of an article's sections by its place: "the last section", "the second part".
SECTION_PLACE = {"first": 0, "opening": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}
SECTION_PLACE |= {"final": -1, "closing": -1}  # the word for each place first, then the others
NTH_SECTION = rf"(?:the |its )?(?:{'|'.join(SECTION_PLACE)}) (?:section|part|sub-?head(?:ing)?)\b"

# Asked of every article: "Give me both headlines", "What are the section headings?".
HEADER_PLURAL = re.compile(rf"^(?:headlines|titles|{SECTIONS})$", re.IGNORECASE)

ENTITY_NOUNS = (
    r"(?:compan(?:y|ies)|firms?|business(?:es)?|people|persons?|individuals?|experts?|"
    rf"{NOTED_FIGURES}|"
    r"officials?|countr(?:y|ies)|nations?|cit(?:y|ies)|places?|organi[sz]ations?|groups?|brands?|"
    r"makers?|manufacturers?|speakers?|sources?|(?:(?:news|media) )?outlets?|newspapers?|"
    r"publications?|politicians?|lawmakers?|business(?:men|women|people)|executives?|"
    r"exhibitors?)"
)

# Where the names of a kind are from, or what sort they are: "which Chinese exhibitors are
# named", "which foreign firms". (Not "minority groups": a people is not an organisation.)
KIND_QUALIFIER = (
    r"(?:(?-i:[A-Z])[\w-]+ |(?:foreign|local|major|leading|state-owned|private|tech|chinese) )"
)

# In the order they are tried: "which sources are quoted" asks for people before it asks for
# articles, and "what do the articles disagree on" is a disagreement before it is an overview.
FORMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "length",  # "Which of the articles is longer?", "which one is the shortest"
        re.compile(
            r"^(?:which|what)(?: of (?:the |these )?(?:two )?| one\b)?\s*(?:(?:articles?|stor(?:y|ies)|"
            r"pieces?|reports?|ones?)\s+)?(?:is|was|'s)\s+(?:the\s+)?"
            r"(?P<subject>longer|longest|shorter|shortest)\b(?:\s+(?:one|article|story|piece))?"
            r"[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "entities",
        re.compile(
            rf"^(?:which|what) (?:other )?{KIND_QUALIFIER}?(?P<subject>{ENTITY_NOUNS}) "
            r"(?:are|were|get|got|have been)"
            r" (?:named|mentioned|quoted|listed|cited|credited(?= as\b)|referenced|present|involved|"
            r"featured|interviewed)\b"
            r".*$"
            rf"|^who (?:are|were) the (?P<subject2>{ENTITY_NOUNS}) (?:named|mentioned|quoted|"
            r"cited|interviewed)\b.*$"
            r"|^(?:list|name) (?:the |all |every |each )?(?:the )?(?:[a-z-]+ ){0,2}?"
            rf"(?P<subject3>{ENTITY_NOUNS})\b.*$"
            r"|^who (?:is|are|was|were|gets?|got) (?P<subject4>quoted|interviewed|cited)\b.*$"
            rf"|^(?:which|what) (?:other )?(?P<subject5>{ENTITY_NOUNS}) (?:does|do|did) .+? "
            r"(?:name|mention|quote|cite|list|feature|interview)\b.*$"
            # "What quotes are in the surveillance article?": who is quoted there, and saying what
            r"|^(?:what|which|are there any|any|list|show me|give me) (?:the )?(?:direct )?"
            r"(?P<subject6>quotes|quotations) (?:are |is )?(?:there )?(?:in|from)\b.*$",
            re.IGNORECASE,
        ),
    ),
    (
        "articles",
        re.compile(
            rf"^(?:which|what)(?: of the(?: two| \d+)?)? {ARTICLE} (?:\w+ )?(?:mentions?|covers?|"
            r"discuss(?:es)?|"
            r"talks? about|(?:are|is) about|reports? on|refers? to|names?|quotes?|features?)"
            r"\s+(?!(?:more|most|less|least|fewer|better)\b)(?P<subject>.+?)[?.!\s]*$"
            r"|^(?:is|are|was|were) (?P<subject3>.+?) (?:mentioned|named|covered|cited)"
            rf"(?: anywhere| in (?:the |any |an? )?{ARTICLE})?[?.!\s]*$"
            rf"|^(?:list|show|find)(?: me)?(?: all)?(?: the)? {ARTICLE} (?:that )?"
            r"(?:mention(?:s|ing)?|about|on|covering|naming)\s+(?P<subject2>.+?)[?.!\s]*$"
            # "Does the second article mention 5G at all?": yes or no (`rag.forms.whether_mentioned`)
            # Not "Do both articles cover …?", "Does one article bring up … and the other not?".
            rf"|^(?!.*\b(?:both|the other|just one|only one)\b)(?:does|did|do) "
            rf"(?:(?:the |either |any |each )?(?:[\w'’-]+ ){{0,6}}?{ARTICLE}|{QUOTED_TITLE}) "
            # "Does the story about global reach mention drones?": the article by its headline
            r"(?:(?:about|on|titled|called|headlined) (?:[\w'’\"“”-]+ ){1,8}?)?"
            r"(?:ever |even |also |actually )?(?:mention|cover|discuss|talk about|bring up|"
            r"refer to|reference|touch on|say anything about|deal with)\s+"
            r"(?P<subject4>.+?)(?:\s+at all)?[?.!\s]*$"
            # "Is it the second article that covers the Uighur crackdown?": yes or no, as above
            rf"|^{IT_IS_ARTICLE}(?:mentions?|covers?|discuss(?:es)?|talks? about|brings? up|refers? to|reports? on|"
            r"deals? with|touches on)\s+(?P<subject5>.+?)[?.!\s]*$"
            # "the 2.76 billion figure - which article(s) have it?": the topic said first
            rf"|^(?P<subject6>[^-–—:]+?)\s*[-–—:]\s*(?:which|what)(?: of the(?: two)?)? {ARTICLE} "
            r"(?:have|has|mention|mentions|cover|covers|include|includes|carry|carries|report|"
            r"reports|give|gives) (?:it|that|this|them)[?.!\s]*$",
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
            r"^(?:when|(?:on |in )?what (?:date|day|year|month)) (?:was|were|did)\s+"
            r"(?P<subject>.+?)\s+(?:published|written|posted|"
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
            r"^what(?:'s| is| was| are| were) the (?:headline|title)s? (?:of|for)\s+"
            rf"(?!{NTH_SECTION})(?P<subject>.+?)[?.!\s]*$"
            rf"|^how many (?P<subject2>{ARTICLE}) (?:are (?:there|indexed|stored|in)|is there|"
            r"do (?:you|we) have|have (?:you|we) got|(?:are|were) (?:indexed|loaded))\b.*$"
            r"|^(?:what are |give me |list |show me |show |compare |contrast )?"
            r"(?:both |all |the |all the |each )*"
            rf"(?P<subject3>headlines|titles)(?: of (?:the |both |all |all the |each )?{ARTICLE})?"
            r"(?: please| pls)?[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "subtitle",
        re.compile(
            # "the subhead of …" (one, of an article: its standfirst; "subheadings" are sections),
            # "the standfirst/subheading of …"
            rf"\b(?:the |its |a )?(?:{SUBTITLE}s?|{NOT_NTH}sub-?head(?:ing)?)(?:\s*/\s*[\w-]+)? "
            r"(?:of|for|on|in|under)\s+(?P<subject>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    ("subtitle", SUBTITLE_SAYS),
    (  # "the subheading under the second article's headline": the standfirst, not a section
        "subtitle",
        re.compile(
            r"\bsub-?head(?:ing|line)?s?\s+(?:right\s+|directly\s+|just\s+)?"
            r"(?:under|below|beneath)\s+(?:the\s+)?(?P<subject>.*?)(?:['’]s\s+|\s+)?"
            r"(?:headline|title)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "sections",
        re.compile(
            rf"\b(?:the |its )?(?:{SECTIONS}) (?:of|for|in|under)\s+(?P<subject>.+?)[?.!\s]*$"
            rf"|^(?:what are |list |show me |give me )?(?:the |all )?(?P<subject2>{SECTIONS})"
            r"[?.!\s]*$"
            # "the title of the last section of the first article": its section headings
            rf"|\b(?:title|name|heading|headline) of {NTH_SECTION} (?:of|in)\s+"
            r"(?P<subject3>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "disagreements",
        re.compile(
            rf"^(?:what|where|on what|which \w+) (?:do|does|did) {WHICH}{ARTICLE}"
            r" (?:disagree|differ|contradict each other|conflict)(?:\s+(?:on|about|over)(?:\s+"
            r"(?P<subject>.+?))?)?[?.!\s]*$"
            r"|^(?:are|is) there (?:any )?(?:contradictions?|disagreements?|"
            r"inconsistenc(?:y|ies)|conflicting (?:figures|facts|reports|numbers|accounts))"
            rf"(?:\s+between (?:the )?{ARTICLE})?(?:\s+(?:about|on|over|regarding)\s+"
            r"(?P<subject2>.+?))?[?.!\s]*$"
            rf"|^do {WHICH}{ARTICLE} (?:disagree|contradict each other)(?:\s+(?:on|about|over)"
            r"\s+(?P<subject3>.+?))?[?.!\s]*$"
            # "Do both articles project 2.76 billion cameras by 2022?": a yes or no on what each
            # says (`rag.forms.agreement`); "mention" is the articles-that-mention form's.
            rf"|^do (?:both|the two|all)(?: the)? {ARTICLE} (?:each |both |all )?(?:agree (?:that|on) "
            r"(?P<subject4>.+?)|(?:say|report|state|project|put|give|claim|cite|describe)\s+"
            r"(?P<subject5>.+?))[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "compare",
        re.compile(
            r"^compare\s+(?:how\s+)?(?P<subject>.+?)[?.!\s]*$"
            r"|^how do(?:es)? (?P<subject5>.+? (?:differ|compare) (?:from|to|with) .+?)[?.!\s]*$"
            r"|^how do(?:es)? (?P<subject2>.+?) (?:differ|compare)(?:\s+(?:on|about|over|in)\s+"
            r"(?P<subject3>.+?))?[?.!\s]*$"
            r"|\bdifferences? between (?P<subject4>.+?)[?.!\s]*$"
            rf"|^how do (?:the |both )?(?:two |both )?(?:the )?{ARTICLE} (?:each )?(?:describe|"
            r"portray|cover|report|frame|assess|treat|present|characteri[sz]e|handle|explain)"
            r"\s+(?P<subject6>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "photo",
        re.compile(
            r"^(?:where|when|what|who|whom)\b.*?\b(?:photo|picture|image|photograph|caption)s?\b"
            r"(?:\s+(?:in|of|with|from|for|accompanying)\s+(?P<subject>.+?))?"
            r"(?:\s+(?:taken|shot|showing|shows?|depicts?|says?|credited(?:\s+to)?|by))?[?.!\s]*$"
            r"|^(?:which|what) (?:photos?|pictures?|images?|photographs?) (?:shows?|depicts?|"
            r"has|have|features?|of)\s+(?P<topic>.+?)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "timeline",
        re.compile(
            r"^(?:give me |show me |what is |what's )?(?:a |the )?(?:timeline|chronology) "
            r"(?:of|for|on)\s+(?P<subject>.+?)[?.!\s]*$"
            r"|^how (?:has|have|did) (?P<subject2>.+?) (?:develop(?:ed)?|evolve[d]?|"
            r"unfold(?:ed)?|progress(?:ed)?)(?: over time)?[?.!\s]*$"
            r"|^what (?:has )?happened (?:with|to) (?P<subject3>.+?) since\b.*$",
            re.IGNORECASE,
        ),
    ),
    (
        "overview",
        re.compile(
            r"^what (?:has )?hap+en+e?d (?:at|in|with|during|on|over)\s+(?P<subject>.+?)[?.!\s]*$"
            r"|^what(?:'s| is) happening (?:at|in|with)\s+(?P<subject8>.+?)[?.!\s]*$"
            r"|^(?:please )?summari[sz]e\s+(?:what (?:the )?\w+ says? (?:about|on)\s+|"
            r"what(?:'s| is| was| has been) (?:said|written|reported) (?:about|on)\s+)?"
            r"(?P<subject2>.+?)[?.!\s]*$"
            r"|^(?:give me |what is |what's )?(?:an? )?(?:overview|summary|rundown) of\s+"
            r"(?P<subject3>.+?)[?.!\s]*$"
            r"|^(?:tell me|brief me) (?:about|on)\s+(?P<subject4>.+?)[?.!\s]*$"
            r"|^what (?:are|were) the (?:main |key )?(?:points|facts|takeaways|highlights) "
            r"(?:of|in|from)\s+(?P<subject9>.+?)[?.!\s]*$"
            r"|^what(?:'s| is) (?:the )?(?:latest )?(?:news|story|coverage) (?:about|on)\s+"
            r"(?P<subject10>.+?)[?.!\s]*$"
            rf"|^what do(?:es)? {WHICH}{ARTICLE} (?:say|report) (?:about|on)\s+"
            r"(?P<subject5>.+?)[?.!\s]*$"
            rf"|^what (?:does|did) (?P<subject6>(?:[\"“‘'].+?[\"”’']|(?:the )?.*?\b{ARTICLE}\b.*?))"
            r" (?:report|say|cover|describe)[?.!\s]*$"
            rf"|^what (?:is|was) (?P<subject7>(?:[\"“‘'].+?[\"”’']|(?:the )?.*?\b{ARTICLE}\b.*?))"
            r" about[?.!\s]*$"
            # "Under the heading 'X', what is described?": the section's sentences.
            rf"|^(?:under|in) (?:the )?{HEADING} (?P<subject11>[\"“‘'][^\"”’']{{3,80}}[\"”’']),? "
            r"what (?:is|are|gets) (?:described|covered|said|discussed|reported|explained)"
            r"[?.!\s]*$"
            # "How does the influx article wrap up?", "how does the first piece open?": its lede
            # or its end (`rag.forms.summary`).
            rf"|^how (?:does|did) (?P<subject12>the (?:[\w'’-]+ ){{0,3}}?{ARTICLE}) (?:open|begin|"
            r"start|end|close|conclude|finish|wrap up|wind up|sign off)[?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
    (
        "quote",
        re.compile(
            r"^what (?:did|does|has|have) (?P<subject>.+?) (?:say|said|tell|told|claim|claimed|"
            r"add|added|announce|announced|tweet|tweeted|write|written|argue|argued)"
            r"(?:\s+(?:about|on|regarding|to)\s+.+?|\s+\S+)?"
            r"(?:,?\s+(?:in (?:his|her|their|its) own words|verbatim|exactly|word for word))?"
            r"[?.!\s]*$"
            # "How did the Norinco guy describe China's safety?": in the speaker's words.
            r"|^how (?:did|does|do|has|have) (?P<subject2>.+?) (?:describe|characteri[sz]e|"
            r"justify|defend|sum up)\b.*$"
            r"|^who (?:said|says|stated|claimed|declared|wrote|told [\w ]{2,30}?)[,:]?\s*"
            r"[\"'“‘](?P<words>.{8,}?)[\"'”’][?.!\s]*$",
            re.IGNORECASE,
        ),
    ),
]
ABOUT_ARTICLE = {"author", "date", "source", "title", "subtitle", "sections", "photo"}
# The articles said without a noun: "they", "the two", "both", "they each".
THE_ARTICLES = re.compile(r"^(?:they|the two|both)(?: each| of them)?$", re.IGNORECASE)


# "Which section of the first article deals with the trade war?", "under which heading does the
# milipol influx article talk about amnesty", "what section deals with the fair being a concern -
# whats it called?": the one section whose heading and sentences say it.
SECTION_COVERING = re.compile(
    r"\b(?:which|what)\s+(?:sections?|headings?|sub-?head(?:ing)?s?)\b.*?\b(?:covers?|covering|"
    r"deals?\s+with|dealing\s+with|is\s+about|talks?\s+about|mentions?|discuss(?:es)?|"
    r"describes?|addresses|tackles)\s+(?P<topic>[^?!–—]+?)(?:\s+[-–—]\s+.*)?[?.!\s]*$"
    r"|\bunder\s+which\s+(?:sections?|headings?|sub-?head(?:ing)?s?)\b.*?\b(?:talks?|says?|writes?|"
    r"discuss(?:es)?|mentions?|covers?|deals?)\s+(?:about\s+|with\s+|on\s+)?"
    r"(?P<topic2>[^?!–—]+?)[?.!\s]*$",
    re.I,
)


def question_form(question: str) -> tuple[str, str | None]:
    """(form, subject): "fact" and None unless the wording asks for another form."""
    q = " ".join(question.split())
    if SECTION_COVERING.search(q):  # the article named ("… of the surveillance article …")
        named = re.search(rf"\b(?:of|in)\s+(the\s+(?:[\w'’-]+\s+){{0,6}}?{ARTICLE})\b", q, re.I)
        return "sections", named.group(1) if named else ""
    for form, pattern in FORMS:
        match = pattern.search(FIGURATIVE.sub(" ", q) if form == "photo" else q)
        if match is None:
            continue
        # The last part given: "how do the articles differ on the number of cameras" is about
        # the number of cameras.
        subject = next((v for v in reversed(match.groupdict().values()) if v), "")
        every = HEADER_PLURAL.match(subject)  # "both headlines": every article's
        # "the subheading under the china surveillance headline": the article, by its headline.
        headlined = form == "subtitle" and re.search(r"(?:headline|title)$", match.group(0), re.I)
        headlined = headlined and not re.search(r"\b(?:first|second|third|last)\b", subject, re.I)
        # "What does the standfirst say?": the one there is (`rag.forms.headers`).
        said = form == "subtitle" and SUBTITLE_SAYS.match(match.group(0))
        if (
            form in ABOUT_ARTICLE - {"photo"}
            and not HEADER_NAMES_ARTICLE.search(subject)
            and not every
            and not headlined
            and not said
        ):
            continue
        described = form == "quote" and match.groupdict().get("subject2")
        if form == "quote" and (
            NAMES_AN_ARTICLE.search(subject) or (described and THE_ARTICLES.match(subject))
        ):
            continue  # "What does the article say?" asks for an overview; "How do they each
            # describe the 2017 incident?", a comparison
        if form == "compare" and PHOTOS_COMPARED.match(subject):
            return "photo", ""  # "does either article have a photo? compare": each one's
        if form == "quote" and re.search(r"\b(?:photo|picture|image)? ?caption\b", subject, re.I):
            # "What does the photo caption say?", "… the caption of the Lyon article say?"
            return "photo", re.sub(r"^.*?\bcaption\b\s*(?:in|of|from|for|on)?\s*", "", subject)
        return form, STORY_SIDE.sub(" ", subject).strip()
    return "fact", None


# "the picture the articles paint of Shenzhen": every article, none named.
# "the articles", "both stories"; "the coverage", "the reporting": all of them, not one named.
ALL_ARTICLES = re.compile(
    r"\b(?:the|both|all|these|those|our|two|my) (?:the )?(?:articles|stories|pieces)\b"
    r"|\b(?:the|all the|this) (?:news )?(?:coverage|reporting)\b",
    re.I,
)
# "compare the photos of the two articles": the photos are the subject, not a topic.
PHOTOS_COMPARED = re.compile(
    rf"^(?:the\s+)?(?:photos?|pictures?|images?|captions?|photo captions?)"
    rf"(?:\s+(?:of|in|on)\s+{WHICH}(?:two\s+)?{ARTICLE})?\s*$",
    re.I,
)


# "the human rights side of this story across both articles": the story is every article's, its
# side the subject.
STORY_SIDE = re.compile(
    r"\s+(?:side|angle|aspect|part)s?\s+of\s+(?:the|this)\s+(?:story|news)\b"
    r"|\s+(?:across|in)\s+(?:both|all)(?:\s+the)?\s+(?:articles|stories|pieces)\s*$",
    re.I,
)


# "this year", "last week": when, not what; the articles' dates already say it.
RELATIVE_TIME = r"\b(?:this|last|past|next|previous) (?:year|month|week|weekend|time)\b|" + (
    r"\b(?:today|yesterday|recently|lately|so far)\b"
)


# How a comparison is framed, not what it is about: "how the two articles describe …".
FRAMING = (
    r"\b(?:how(?! many| much)|two|both|all|describe[sd]?|report(?:s|ed)?|cover(?:s|ed)?|portray(?:s|ed)?|"
    r"differ(?:s|ed)?|compare[sd]?|one)\b"
)


# "the article that mentions Xinjiang", "the piece whose subtitle mentions non-lethal devices",
# "the story covering Hytera": what names the article is what it mentions.
MENTIONING = (
    r"\b(?:(?:that|which|whose \w+)\s+)?(?:mentions?|mentioning|says?|saying|covers?|covering|"
    r"discuss(?:es)?|discussing|talks? about|describes?|describing|reports? on|reporting on)\b"
)


def article_subject(subject: str) -> str:
    """What an article or an overview is looked up by: "the article about Lyon" -> "Lyon", "the
    Lyon story" -> "Lyon", "Milipol this year" -> "Milipol"; a quoted title stays as it is,
    without its quotes."""
    quoted = re.search(r"[\"“‘'](.{8,}?)[\"”’']", subject)
    if quoted:
        return quoted.group(1)
    text = re.sub(RELATIVE_TIME, " ", subject, flags=re.IGNORECASE)
    text = re.sub(MENTIONING, " ", text, flags=re.IGNORECASE)
    text = re.sub(FRAMING, " ", text, flags=re.IGNORECASE)
    text = re.sub(
        rf"\b(?:the|this|that|these|those|an?|{ARTICLE}|headlines|titles|{SECTIONS})\b",
        " ",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^\s*(?:about|on|of|from|in|by)\b|\b(?:about|on|of)\s*$", " ", text.strip())
    return " ".join(text.split())  # "" for "the articles": all of them
