"""The form classifier's fitted model as plain arrays, and its prediction in numpy.

`rag.questions.form_sense` fits scikit-learn's character n-gram TF-IDF and logistic regression on the
labelled wordings. Importing scikit-learn and fitting took 1.7 s of a 3.6 s cold `citedesk ask`
(and of the chat's first answer), so the fitted model is shipped (`python -m rag.questions.form_sense`
writes it) and predicted here with numpy: the n-grams, TF-IDF weights and softmax are
scikit-learn's own (`TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5),
sublinear_tf=True)`, the multinomial `LogisticRegression`), which a test checks to agree with
scikit-learn's probabilities. scikit-learn is then only needed to fit again.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NGRAMS = (2, 5)
C = 4.0
_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class FormModel:
    """What prediction needs: the n-gram vocabulary and its idf, the classes, and the weights
    over the n-grams' TF-IDF followed by the question's unit embedding."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    classes: list[str]
    coef: np.ndarray  # classes x (n-grams + embedding dimensions)
    intercept: np.ndarray

    def probabilities(self, question: str, unit: np.ndarray) -> dict[str, float]:
        grams = np.zeros(len(self.vocabulary), dtype=np.float64)
        for gram, count in Counter(char_wb_ngrams(question)).items():
            index = self.vocabulary.get(gram)
            if index is not None:
                grams[index] = (1.0 + np.log(count)) * self.idf[index]  # sublinear tf
        norm = np.linalg.norm(grams)
        if norm > 0:
            grams /= norm
        features = np.concatenate([grams, np.asarray(unit, dtype=np.float64)])
        scores = self.coef @ features + self.intercept
        scores = np.exp(scores - scores.max())
        return dict(zip(self.classes, (scores / scores.sum()).tolist(), strict=True))

    def save(self, path: Path, digest: str) -> None:
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(
            path,
            grams=np.array(words),
            idf=self.idf.astype(np.float32),
            classes=np.array(self.classes),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            digest=np.array(digest),
        )

    @classmethod
    def load(cls, path: Path, digest: str) -> FormModel | None:
        """The shipped model, when it was fitted on these wordings; None otherwise."""
        if not path.exists():
            return None
        with np.load(path) as shipped:
            if str(shipped["digest"]) != digest:
                return None
            return cls(
                {str(gram): i for i, gram in enumerate(shipped["grams"])},
                shipped["idf"].astype(np.float64),
                [str(name) for name in shipped["classes"]],
                shipped["coef"].astype(np.float64),
                shipped["intercept"].astype(np.float64),
            )


def char_wb_ngrams(text: str) -> list[str]:
    """scikit-learn's `char_wb` analyzer (lower-cased): the 2- to 5-character n-grams of each
    word padded with a space, a word shorter than n counted once."""
    low, high = NGRAMS
    found = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            found.append(padded[offset : offset + n])
            while offset + n < len(padded):
                offset += 1
                found.append(padded[offset : offset + n])
            if offset == 0:
                break
    return found


def fit(questions: Sequence[str], labels: Sequence[str], units: np.ndarray) -> FormModel:
    """Fit with scikit-learn (imported only here) and keep the arrays."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True)
    features = hstack([grams.fit_transform(list(questions)), csr_matrix(units)]).tocsr()
    classifier = LogisticRegression(C=C, max_iter=3000).fit(features, list(labels))
    return FormModel(
        {gram: int(i) for gram, i in grams.vocabulary_.items()},
        grams.idf_.astype(np.float64),
        [str(name) for name in classifier.classes_],
        classifier.coef_.astype(np.float64),
        classifier.intercept_.astype(np.float64),
    )


def wordings_digest(questions: Sequence[str], labels: Sequence[str]) -> str:
    """What a shipped model was fitted on: the wordings, their labels and the settings."""
    lines = [
        f"{NGRAMS} {C}",
        *(f"{label}\t{q}" for q, label in zip(questions, labels, strict=True)),
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
