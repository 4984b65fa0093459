"""Misspelled questions, corrected against the index's own words ("How many camras has Chna
deployd?" searches for "How many cameras has China deployed?").

The dictionary is every word of the indexed articles with its count, so a correction is always a
word the articles use: names included, which a general English dictionary would miss.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

from symspellpy import SymSpell, Verbosity

from rag.words import text as lang

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# Two to five capitalised words, "of", "for" or "and" allowed between: "New York Times",
# "Ministry of Public Security". Their initials are what an abbreviation in a question stands for.
PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|for|and)\s+)?[A-Z][a-z]+){1,4}\b")
# Contractions typed without their apostrophe ("whats Yolen Ye's job"): "whats" would otherwise be
# read as a word of the question's own ("what", stemmed), and "doesnt" would lose its negation.
CONTRACTED = {
    word.replace("'", ""): word
    for word in (
        "what's who's where's how's when's why's that's there's isn't aren't wasn't weren't "
        "doesn't don't didn't can't won't hasn't haven't hadn't shouldn't wouldn't couldn't"
    ).split()
}

# Words people type short that articles write out (checked against the index's terms, so
# "rep", under the speller's four letters, is read too): "the Hytera rep", "govt documents".
SHORT_FOR = {
    "rep": "representative",
    "reps": "representatives",
    "exec": "executive",
    "execs": "executives",
    "govt": "government",
    "mgr": "manager",
    "dept": "department",
    "intl": "international",
    "pic": "photo",
    "pics": "photos",
    "approx": "approximately",
    "yr": "year",
    "yrs": "years",
}


# Figures typed short ("the 2.76bn projection", "170m cameras"), written out where the articles
# use the word: their figures are then compared as figures. In lower case only ("3M" and "4K" are
# names), and not a length ("50m tall").
COMPACT_FIGURE = re.compile(
    r"\b(?P<figure>\d(?:[\d.,]*\d)?)\s?(?P<scale>bn|m|tn|k)\b"
    r"(?!\s+(?:tall|high|long|wide|deep|away|metres|meters|miles|run|race))"
)
SCALES = {"bn": "billion", "m": "million", "tn": "trillion", "k": "thousand"}


class Speller:
    def __init__(self, texts: Iterable[str], max_edit_distance: int = 2) -> None:
        counts: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        phrases: Counter[str] = Counter()
        for text in texts:
            words = WORD.findall(text or "")
            counts.update(w.lower() for w in words)
            capitalised.update(w.lower() for w in words if w[0].isupper())
            phrases.update(re.sub(r"^The ", "", p) for p in PHRASE.findall(text or ""))
        self.counts = counts
        # "nyt" -> "New York Times": the most frequent phrase with those initials.
        self.initialisms: dict[str, str] = {}
        for phrase, _ in phrases.most_common():
            key = "".join(w[0] for w in phrase.split() if w[0].isupper()).lower()
            self.initialisms.setdefault(key, phrase)
        # Words the articles write capitalised most of the time: names.
        self.names = {w for w, n in capitalised.items() if n * 2 > counts[w]}
        self.max_edit_distance = max_edit_distance
        self._symspell = SymSpell(max_dictionary_edit_distance=max_edit_distance)
        for word, count in counts.items():
            self._symspell.create_dictionary_entry(word, count)

    def correct(self, question: str) -> str:
        """The question with each word that is neither in the articles nor an English word
        replaced by the closest word the articles use: "city" stays "city" in a corpus that never
        says it, "camras" becomes "cameras"; an abbreviation they never use is written out as
        the name they do ("NYT": "New York Times")."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            possessive = re.search(r"['’]s$", word)
            ending = possessive.group(0) if possessive else ""
            word = word[: len(word) - len(ending)]
            low = word.lower()
            if low in CONTRACTED and not ending:
                return word[0] + CONTRACTED[low][1:]
            whole = (low + ending.replace("’", "'")).lower()  # "sotheby's" is the name's own
            if low in self.counts or whole in self.counts:
                return word + ending
            if word.isupper() and len(word) >= 2 and low in self.initialisms:
                return self.initialisms[low] + ending
            if len(low) < 4:
                return word + ending
            # "Chian" is an English word, but a rare one: capitalised, it is "China" mistyped.
            if english_counts().get(low, 0) >= (RARE_NAME if word[0].isupper() else 1):
                return word + ending
            suggestions = self._symspell.lookup(
                low, Verbosity.CLOSEST, max_edit_distance=self._distance(low)
            )
            if word[0].isupper():
                # A name is corrected only to a name ("Chna" -> "China"; "SpaceX" is not "space").
                suggestions = [s for s in suggestions if s.term in self.names]
            if any(c.isupper() for c in word[1:]):
                return word + ending
            if not suggestions:
                # "artcle" is "article", a word no article uses ("know-how" is as typed, and
                # "jammers" a word, not "hammers" mistyped)
                if (
                    low.isalpha()
                    and word.islower()
                    and len(low) > 4
                    and not _inflected_english(low)
                    and (english := _english_one_edit(low, slips_only=True))
                ):
                    return english + ending
                return word + ending  # "elon", as typed: a name only the teasers may use
            nearest = min(s.distance for s in suggestions)
            if word.islower() and nearest > 1 and (english := _english_one_edit(low)):
                return english + ending  # "privat" is "private", not the articles' "privacy"
            best = max(suggestions, key=lambda s: (-s.distance, s.count)).term
            return (best.capitalize() if word[0].isupper() else best) + ending

        return WORD.sub(fix, question)

    def _distance(self, word: str) -> int:
        """One edit in a short word, two in a long one: "Chna" -> "China", not "Cuba"."""
        return 1 if len(word) <= 5 else self.max_edit_distance


# An English word rarer than this (about the rarest third of the list: "Chian", 49,106) that
# the articles never use is, capitalised, more likely a name mistyped than meant.
RARE_NAME = 100_000


def _inflected_english(word: str) -> bool:
    """The plural of a common English word, which the word list leaves out: "jammers". (Not a
    verb's ending: "mentoned" is no past of the town of Menton.)"""
    bases = [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    counts = english_counts()
    return word.endswith("s") and any(counts.get(b, 0) >= RARE_NAME for b in bases if len(b) > 3)


def _english_one_edit(word: str, slips_only: bool = False) -> str | None:
    """The most frequent English word one edit (a letter dropped, added, changed or two swapped)
    from `word`, if any; with `slips_only`, only two letters swapped or one left out, the
    commonest slips ("artcle", "peice"): a word one letter longer or changed is as often a word
    the list lacks ("crypto" is not "crypt", "baidu" not "maidu"). The edits are listed here
    rather than looked up in a second symspell dictionary of 82,765 words, built for the few
    words no article uses."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits = {a + c + b for a, b in splits for c in letters}
    if not slips_only:
        edits |= {a + b[1:] for a, b in splits if b}
        edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    counts = english_counts()
    # Two letters swapped is the likelier slip: "peice" is "piece", not the commoner "price".
    for tried in (swapped, edits):
        if found := [e for e in tried if e in counts]:
            return max(found, key=counts.__getitem__)
    return None


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """The 82,765 English words of the frequency list symspellpy ships, with their counts."""
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    return {
        word: int(count)
        for word, count in (line.split(" ", 1) for line in path.read_text().splitlines())
    }


class Spelling:
    """An index's spelling corrector: its dictionary (every word of the articles, 2 s to build
    at 1,000 articles, more at 10,000) is built on the first question with a word the index
    does not know, or before any question by `build` (the chat calls it in the background once
    it serves, so no question waits for it)."""

    def __init__(self, vocabulary: frozenset[str], texts: Callable[[], Iterable[str]]) -> None:
        self.vocabulary = vocabulary  # the index's terms (`rag.words.text.terms`)
        self._texts = texts  # every article's text, read when the dictionary is built
        self._speller: Speller | None = None
        self._lock = threading.Lock()

    def build(self) -> Speller:
        with self._lock:
            if self._speller is None:
                self._speller = Speller(self._texts())
            return self._speller

    def correct(self, question: str) -> str:
        """The question with the words the index does not know corrected; as asked when it
        knows them all (the dictionary is then not needed)."""
        question = self.written_out(question)
        unknown = [
            w
            for w in lang.WORD.findall(question)
            if (len(w) >= 4 or (len(w) >= 2 and w.isupper()))
            and (not set(lang.terms(w)) <= self.vocabulary or w.lower() in CONTRACTED)
        ]
        if not unknown or not self.vocabulary:
            return question
        return self.build().correct(question)

    def written_out(self, question: str) -> str:
        """The question with a word typed short that no article uses (`SHORT_FOR`) written out
        where they use the whole word ("the Norinco rep": representative): lower case, or
        capitalised opening the question; never an upper-case name ("REP")."""

        def whole(match: re.Match[str]) -> str:
            word = match.group(0)
            full = SHORT_FOR.get(word.lower(), "")
            typed = word.islower() or (match.start() == 0 and word[1:].islower())
            if (
                full
                and typed
                and set(lang.terms(full)) <= self.vocabulary
                and not set(lang.terms(word)) <= self.vocabulary
            ):
                return full if word.islower() else full.capitalize()
            return word

        def scaled(match: re.Match[str]) -> str:
            full = SCALES[match["scale"].lower()]
            known = set(lang.terms(full)) <= self.vocabulary
            return f"{match['figure']} {full}" if known else match.group(0)

        return COMPACT_FIGURE.sub(scaled, lang.PLAIN_WORD.sub(whole, question))
