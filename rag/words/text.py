"""Sentences and terms: the words side of answering (what a question asks for is
`rag.questions.analysis`; names, dates and figures are `rag.words.nlp`)."""

from __future__ import annotations

import calendar
import functools
import re

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

from rag.words import places

# Month names and abbreviations -> 1..12.
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
WEEKDAYS = {name.lower() for name in calendar.day_name}
SENTENCE_END = (".", "!", "?", "…", '"', "”", "’", "'", ")")
WORD = re.compile(r"(?u)\b\w\w+\b")
# A year as news writes one: "2017", "1998" (not "2.76" or "1,100").
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Words that carry no content in a question, beyond the usual stopwords.
QUESTION_WORDS = set(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "does",
        "did",
        "do",
        "is",
        "are",
        "was",
        "were",
        "according",
        "say",
        "says",
        "said",
        "article",
        "articles",
        "source",
        "sources",
        "tell",
        "me",
        "name",
        "called",
        "kind",
        "type",
        "report",
        "reports",
        "reported",
        "write",
        "writes",
        "wrote",
        "story",
        "stories",
    ]
)
STOPWORDS = set(STOPWORDS_EN_PLUS) | QUESTION_WORDS


# Numbers in words, to nineteen and by tens: what an answer or a question may spell out.
SMALL_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}


def is_heading(sentence: str) -> bool:
    return not sentence.rstrip().endswith(SENTENCE_END) and len(sentence.split()) <= 16


_stemmer = Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Content words, lower-cased and stemmed, in the same form as the BM25 vocabulary."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]
    return _stemmer.stemWords(words)


# Verbs news uses for one act: "Did Amnesty lodge a complaint?" against "Amnesty filed a
# complaint", "buying up firms" against "acquired firms". No package here has synonyms; these are
# the common ones, each group one act whatever its object (not "say" and "deny": opposites).
SAME_ACT_WORDS = [
    "acquire acquired buy buys bought buying purchase purchased",
    "file filed lodge lodged",
    "object objected objecting complain complained complaint complaints",
    "release released publish published",
    "show shows showed shown showing display displayed displaying exhibit exhibited exhibiting "
    "showcase showcased showcasing",
    "close closed closing shut",
    "grow grew growing expand expanded expanding",
    "ban banned bar barred prohibit prohibited",
    "say says said state stated assert asserted claim claimed",
    "sell sells sold selling",
    "call calls called describe describes described label labels labelled term termed dub dubbed "
    "characterise characterises characterised characterize characterizes characterized portray "
    "portrays portrayed depict depicts depicted",
    "track tracks tracked tracking follow follows followed",
    "watching monitor monitors monitored monitoring observe observes observed observing",
    "equip equips equipped fit fitted outfit outfitted",
    "hold holds held holding host hosts hosted hosting stage stages staged",
    "detain detained arrest arrested rounded intern interned imprison imprisoned jail jailed",
    "make makes making manufacture manufactures manufactured manufacturing produce produces "
    "produced producing",
    # what is to come, as news puts it: "expected to expand to 2.76 billion … by 2022"
    "projected projection projections forecast forecasts forecasted predict predicts predicted "
    "prediction predictions expect expects expected",
]
ACT = {term: index for index, words in enumerate(SAME_ACT_WORDS) for term in terms(words)}
SAME_ACT = {term: {t for t, i in ACT.items() if i == act} - {term} for term, act in ACT.items()}
# Words for one thing that are not acts: "sales beyond China", "sales outside of China", "sold
# abroad", "foreign firms"; a "terrible" record, an "abysmally bad" one.
SAME_SENSE_WORDS = [
    "abroad overseas foreign outside beyond",
    "bad poor terrible awful dreadful abysmal abysmally",
    "number numbers figure figures",
    "fail failed failure failures",
]
SAME_SENSE = {
    term: set(terms(words)) - {term} for words in SAME_SENSE_WORDS for term in terms(words)
}


# A place news names by its initials, as terms: "sell in Europe?" is said by "EU member nations",
# "in the UK?" by "in Britain" ("US" is left out: as a term it is also the word "us").
SHORT_NAMES = {"eu": {"europ", "european"}, "uk": {"britain", "british"}}


def covered(question_terms: set[str], text_terms: set[str], peoples: bool = True) -> set[str]:
    """Question terms the text uses, counting stems of six letters or more that share a 5-letter
    start as the same word (the stemmer keeps "complain" and "complaint" apart; "count" is not
    "country"), and a country with its people ("Chinese" companies, "China" is the best
    represented; with `peoples` only), a place with its initials (`SHORT_NAMES`), a verb with
    another for the same act (`SAME_ACT`) and a word with another for the same thing
    (`SAME_SENSE`: "beyond China" as "outside of China")."""
    found = question_terms & text_terms
    found |= {t for t in question_terms - found if SHORT_NAMES.get(t, set()) & text_terms}
    found |= {t for t in question_terms - found if SAME_ACT.get(t, set()) & text_terms}
    found |= {t for t in question_terms - found if SAME_SENSE.get(t, set()) & text_terms}
    found |= {t for u in text_terms & SHORT_NAMES.keys() for t in SHORT_NAMES[u] & question_terms}
    prefixes = {t[:5] for t in text_terms if len(t) >= 5}
    # A country and its people share at least their first four letters: only those are compared.
    by_start: dict[str, list[str]] = {}
    for term in text_terms:
        by_start.setdefault(term[:4], []).append(term)
    return found | {
        t
        for t in question_terms - found
        if (len(t) >= 6 and t[:5] in prefixes)
        or (peoples and any(demonym_of(t, u) for u in by_start.get(t[:4], ())))
    }


def in_vocabulary(term: str, vocabulary: frozenset[str]) -> str | None:
    """The vocabulary's word for `term`: itself, or its country or people ("european" is "europ"
    where the articles say only "Europe"; not a word sharing its start: "policy" is not
    "police", "internet" not "internment"). A question's word no article uses gives None."""
    if term in vocabulary:
        return term
    alike = _by_start(vocabulary).get(term[:4], ())
    # A people's ending of two letters or more: "policy" ends "police" with one ("i").
    return next((u for u in alike if demonym_of(term, u) and abs(len(u) - len(term)) >= 2), None)


@functools.lru_cache(maxsize=8)
def _by_start(vocabulary: frozenset[str]) -> dict[str, list[str]]:
    """The vocabulary's words by their first four letters (where a country and its people
    agree), the shortest first; built once per vocabulary (a frozenset keeps its hash)."""
    starts: dict[str, list[str]] = {}
    for word in sorted(vocabulary, key=len):
        starts.setdefault(word[:4], []).append(word)
    return starts


# No package here lists demonyms; the regular ones follow a few endings, and a question that
# says "Chinese" is about China.
DEMONYM_ENDINGS = {"es", "ese", "an", "ian", "ean", "n", "i", "ish"}


def demonym_of(one: str, other: str) -> bool:
    """Stems of a country and its people: china/chines, iran/iranian, russia/russian,
    thai/thailand."""
    short, long = sorted((one, other), key=len)
    if places.land_of(short) == long:
        return True
    base = short[:-1] if short[-1:] in set("aeioy") else short
    return len(base) >= 4 and long.startswith(base) and long[len(base) :] in DEMONYM_ENDINGS


# Words for the same counted thing: "more than 50 countries?" against "the 53 nations present",
# "how many exhibitors?" against "over 1,100 companies". No package here has synonyms; these are
# the units news counts most (stems).
UNIT_WORDS = [
    ["country countries", "nation nations", "state states"],
    [
        "company companies",
        "firm firms",
        "exhibitor exhibitors",
        "business businesses",
        "corporation corporations",
    ],
    ["person people", "individual individuals", "resident residents", "citizen citizens"],
]
SAME_UNIT = [{t for pair in group for t in terms(pair)} for group in UNIT_WORDS]
# What a share is of: "most of its money" is of its sales (never swapped into a question).
SAME_UNIT.append(set(terms("sales revenue revenues money turnover income earnings")))


def covered_or_same_unit(question_terms: set[str], text_terms: set[str]) -> set[str]:
    """Question terms the text uses (`covered`), or says as the same counted unit ("exhibitors"
    as "companies")."""
    found = covered(question_terms, text_terms)
    return found | {t for t in question_terms - found if any(same_unit(t, u) for u in text_terms)}


def same_unit(one: str, other: str) -> bool:
    """Two stems that count the same thing."""
    return one == other or any({one, other} <= same for same in SAME_UNIT)


# Counted, these are countries, companies and people ("53 nations", "89 firms"), but a
# question's "states" may be American ones, "done business" is no firm, and "people rounded up"
# are not "individuals" or "citizens" (whom a question calls people is its own word): they are
# never swapped.
PEOPLE_WORDS = {w for pair in UNIT_WORDS[2] for w in pair.split()}
NOT_SWAPPED = {"state", "states", "business", "businesses", *PEOPLE_WORDS}


# Where a word is counted: "how many exhibitors", "the number of Chinese exhibitors", "the same
# count of exhibitors", "more exhibitors than China", "89 of the exhibitors".
COUNTED = re.compile(
    r"\b(?:how many|(?:number|count|total|tally)s? of|more|fewer|most|\d[\d,]*(?: of the)?)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)


# A list's separators: "Britain, Canada and Spain".
LIST_SEPARATOR = re.compile(r"\s*,\s*|\s+(?:and|or)\s+")


def listed(names: str) -> list[str]:
    """The names of a list as written: "Britain, Canada and Spain" gives three."""
    return [name for name in LIST_SEPARATOR.split(names) if name]


# A word of letters alone, not part of a possessive or contraction ("Hytera's", "didn't"): what
# a question's words are rewritten by (`in_known_words`, `Spelling.written_out`).
PLAIN_WORD = re.compile(r"(?<!['’])\b[A-Za-z]+\b(?!['’])")


# Counted, said after the word: "the exhibitor count", "exhibitor numbers".
COUNT_AFTER = re.compile(r"\s+(?:count|counts|numbers|figures|tally|total|totals)\b", re.I)


def in_known_words(question: str, vocabulary: frozenset[str]) -> str:
    """The question with a counted thing's word no article uses put as the articles say it:
    "How many exhibitors are Chinese?" where they say "89 out of 1,100 companies" asks how many
    companies; the reader reads the words it is given. Only a word counted (`COUNTED`), in lower
    case (not "Exhibitor Magazine"); as asked when every word is known."""
    if not vocabulary:
        return question

    def known(match: re.Match[str]) -> str:
        word = match.group(0)
        counted = COUNTED.search(question[: match.start()]) or COUNT_AFTER.match(
            question[match.end() :]
        )
        if not word.islower() or counted is None or set(terms(word)) <= vocabulary:
            return word
        for group in UNIT_WORDS:
            forms = [pair.split() for pair in group]
            number = next((f.index(word) for f in forms if word in f), None)
            if number is None or word in NOT_SWAPPED:
                continue
            swap = [f[number] for f in forms if f[number] not in NOT_SWAPPED]
            return next((w for w in swap if set(terms(w)) <= vocabulary), word)
        return word

    return PLAIN_WORD.sub(known, question)
