"""Whether a question is in English: the bundled embedding model, the stemmer, the spaCy pipeline
and the spelling corrector all read English, so a question in another language would be searched
as nonsense and refused without a reason. It is told so instead.

langid.py (its model ships in the package) decides, but only for questions without a common
English word: nearly every English question has one, and loading the model takes seconds.
"""

from __future__ import annotations

import re
from functools import lru_cache

ENGLISH_WORDS = set(
    "the a an of in on at to for from with about by is are was were be been do does did has have "
    "had what who whom whose which when where why how many much and or not no it its this that "
    "these those there their they he she his her we you i me my our can could will would should "
    "tell give list show name summarize summarise compare say said mention".split()
)
NAMES = {
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "pl": "Polish",
    "cs": "Czech",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "ar": "Arabic",
    "he": "Hebrew",
    "fa": "Persian",
    "hi": "Hindi",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
}


@lru_cache(maxsize=1)
def _identifier():
    from langid.langid import LanguageIdentifier, model

    identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    identifier.set_languages(["en", *NAMES])  # rarer languages confuse keyword questions
    return identifier


def foreign_language(question: str) -> str | None:
    """None for English (or when unsure); else the language's name."""
    words = re.findall(r"[^\W\d_]+", question.lower())
    other_script = len(re.findall(r"[^\x00-\u024f\s\d\W]", question)) >= 2  # 中国, Москва
    if ENGLISH_WORDS & set(words) or (len(words) < 3 and not other_script):
        return None
    code, probability = _identifier().classify(question)
    # English keywords ("Norinco facial recognition") get unsure guesses; a sentence in
    # another language gets a sure one.
    return NAMES.get(code) if code != "en" and probability >= 0.95 else None


def not_english_text(language: str) -> str:
    return (
        f"This question looks like {language}. citedesk's bundled models read English: ask in "
        "English, or configure a language model that reads it (CITEDESK_LLM, see the README)."
    )
