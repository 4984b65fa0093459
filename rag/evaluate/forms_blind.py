"""Score the answerer on questions written blind (`rag/data/forms_blind.jsonl`): whether it chose
the form of answer the question needs, and whether the answer is right, by form.

    python -m rag.evaluate.forms_blind --index-dir INDEX [--split dev|…|dev21|test|…|test20|fitted|held-out …]

The questions were written by helpers that had read only the two seed articles, never the code
or our own question files. The first round (fb…, 200) was split 100 dev / 100 test with seed 31;
the second round (fc…, `dev2`, written a session later with more of the forms the first round
had few of: about the article, yes/no, names, unanswerable; 198, as two it wrote word for word
as test questions were left out) is all for fitting. A third round (fd…, 200 written on 2026-12-05 by
a helper that read only the two articles) was split by form with seed 32 into `dev3` (94) for
fitting and `test2` held out (99: seven left out, six worded exactly as earlier questions and
one as a fitted example of the form classifier). A fourth round (fe…, 200 written on 2026-12-05 by
a helper that read only the two articles; ten worded exactly as earlier questions or fitted examples
left out) was split by form with seed 33 into `dev4` (95) and `test3` (95). A fifth round (ff…,
200 written on 2026-12-05 by a helper that read only the two articles; sixteen worded exactly as
earlier questions or fitted examples left out) was split by form with seed 34 into `dev5` (95)
and `test4` (89). A sixth round (fg…, 200 written on 2026-12-06 by a helper that read only the
two articles; nineteen worded exactly as earlier questions or fitted examples left out) was split
by form with seed 35 into `dev6` (92) and `test5` (89). A seventh round (fh…, 200 written on
2026-12-06 by a helper that read only the two articles; thirty worded exactly as earlier questions
or fitted examples left out) was split by form with seed 36 into `dev7` (87) and `test6` (83). An
eighth round (fi…, 200 written on 2026-12-06 by a helper that read only the two articles;
twenty-four worded exactly as earlier questions or fitted examples left out) was split by form with
seed 37 into `dev8` (90) and `test7` (86). A ninth round (fj…, 200 written on 2026-12-06 by a
helper that read only the two articles; thirty worded exactly as earlier questions or fitted
examples left out) was split by form with seed 38 into `dev9` (87) and `test8` (83). A tenth round
(fk…, 200 written on 2026-12-06 by a helper that read only the two articles; twenty-six worded
exactly as earlier questions or fitted examples left out) was split by form with seed 39 into
`dev10` (89) and `test9` (85). An eleventh round (fl…, 200 written on 2026-12-06 by a helper that
read only the two articles; twenty-six worded exactly as earlier questions or fitted examples left
out) was split by form with seed 40 into `dev11` (90) and `test10` (84). A twelfth round (fm…, 200
written on 2026-12-06 by a helper that read only the two articles; thirty-eight worded exactly as
earlier questions or fitted examples left out) was split by form with seed 41 into `dev12` (84) and
`test11` (78). A thirteenth round (fn…, 200 written on 2026-12-06 by a helper that read only the two
articles; twenty-eight worded exactly as earlier questions or fitted examples left out) was split by
form with seed 42 into `dev13` (89) and `test12` (83); its writer was told that an overview's,
comparison's or disagreement's answer needs one of the 2-4 phrases it lists, so, judged as every
round is (every phrase), those forms are harder in it than written. A fourteenth round (fo…, 200
written on 2026-12-07 by a helper that read only the two articles and was told that every phrase
listed must be in a right answer; thirty-two worded exactly as earlier questions or fitted examples
left out) was split by form with seed 43 into `dev14` (87) and `test13` (81). A fifteenth round
(fp…, 200 written on 2026-12-07 by a helper that read only the two articles, told the same;
thirty-six worded exactly as earlier questions or fitted examples left out) was split by form
with seed 44 into `dev15` (84) and `test14` (80). A sixteenth round (fq…, 200 written on
2026-12-07 by a helper that read only the two articles, told the same; thirty-nine worded exactly
as earlier questions or fitted examples left out) was split by form with seed 45 into `dev16` (85)
and `test15` (76). A seventeenth round (fr…, 200 written on 2026-12-07 by a helper that read only
the two articles, told the same; forty worded exactly as earlier questions or fitted examples left
out) was split by form with seed 46 into `dev17` (83) and `test16` (77). An eighteenth round
(fs…, 200 written on 2026-12-07 by a helper that read only the two articles, told the same;
thirty-two worded exactly as earlier questions or fitted examples left out) was split by form
with seed 47 into `dev18` (86) and `test17` (82). A nineteenth round (ft…, 200 written on
2026-12-07 by a helper that read only the two articles, told the same; twenty-six worded exactly as
earlier questions or fitted examples left out) was split by form with seed 48 into `dev19` (90) and
`test18` (84). A twentieth round (fu…, 200 written on 2026-12-07 by a helper that read only the two
articles, told the same; thirty-two worded exactly as earlier questions or fitted examples left out)
was split by form with seed 49 into `dev20` (87) and `test19` (81). A twenty-first round (fv…, 200
written on 2026-12-07 by a helper that read only the two articles, told the same; its answer keys,
written as prose or as alternatives, rewritten as verbatim phrases all required by a second helper
that read only the articles and the questions; forty-five worded exactly as earlier questions or
fitted examples left out) was split by form with seed 50 into `dev21` (81) and `test20` (74).
Fit and tune on `dev` to `dev21` only; `test` to `test20` are for reporting a result once.

An answer is right when it states every expected string (case and spacing aside); an
unanswerable question is right when refused; a yes/no question also needs its "yes" or "no"
first, after any note on how the question was searched.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from ingest.settings import Settings
from rag.desk import Desk
from rag.evaluate.questions import QuestionRow
from rag.forms.teasers import asks_about
from rag.questions.form_sense import FITTED_SPLITS, LABEL_FORM
from rag.questions.forms import ABOUT_ARTICLE

QUESTIONS = Path(__file__).resolve().parent.parent / "data" / "forms_blind.jsonl"
HELD_OUT = ["test", *(f"test{n}" for n in range(2, 21))]  # `test` to `test20`: never fitted on
# The blind set's forms, and the answerer's (`rag.questions.forms`, `Analysis.form`) that give each: the one
# the form classifier maps it to, and for a quote, a question about an article or a yes/no ("Does
# the first piece talk about 5G at all?", the articles that mention it: `rag.forms.whether_mentioned`),
# others that answer it as well.
EXPECTED = {label: {form} for label, form in LABEL_FORM.items()} | {
    "unanswerable": {"fact"},
    "quote": {"quote", "fact"},
    # "Do both articles project 2.76 billion cameras by 2022?": the disagreements form's yes or
    # no on what each says (`rag.forms.agreement`, since the twenty-first session).
    "yesno": {"fact", "articles", "disagreements"},
    "about_article": ABOUT_ARTICLE | {"overview", "teasers", "length"},
}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[*_\\]", "", text).lower().split())


def blind_rows() -> list[dict]:
    """Every row of the blind set, each split."""
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]


def fact_rows() -> list[QuestionRow]:
    """The fitted splits' fact and unanswerable questions as a questions file's rows: the
    answer's confidence is fitted on them too (`rag.evaluate.fit_confidence`)."""
    rows = blind_rows()
    return [
        QuestionRow(r["id"], r["question"], n, r["answers"], answerable=r["form"] == "fact")
        for n, r in enumerate(rows, 1)
        if r["split"] in FITTED_SPLITS and r["form"] in {"fact", "unanswerable"}
    ]


def _elsewhere(row: dict, answer: object) -> bool:
    """The form is right by where the answer is looked for (since 2026-12-05, eighth session):
    from the teasers when the question points at them ("per the similar article"), from the
    article's header when a question the articles cannot answer asks for a field of it ("Who
    wrote the Milipol article?" refused by the author form)."""
    form = answer.analysis.form
    pointed = form == "teasers" and asks_about(row["question"])
    return pointed or (row["form"] == "unanswerable" and form in ABOUT_ARTICLE)


def judged(row: dict, answer: object) -> tuple[bool, bool]:
    """(form right, answer right) for one blind question and the engine's `Answer`."""
    form_right = answer.analysis.form in EXPECTED[row["form"]] or _elsewhere(row, answer)
    text = _plain(answer.text)
    if row["form"] == "unanswerable":
        return form_right, answer.outcome == "refused"
    wanted = [a for a in row["answers"] if a.lower() not in {"yes", "no"}]
    right = answer.outcome != "refused" and all(_plain(a) in text for a in wanted)
    if row["form"] == "yesno":
        said = row["answers"][0].lower() if row["answers"] else ""
        # The verdict opens the answer, after any note on how it searched ("Read only …").
        verdict = re.search(r"(?m)^\*\*(yes|no)\*\*", answer.text, re.IGNORECASE)
        first = verdict.group(1) if verdict else text.split(" ", 1)[0].strip(":,.")
        right = right and first.lower() == said
    return form_right, right


SPLIT_GROUPS = {
    "fitted": sorted(FITTED_SPLITS, key=lambda split: int(split[3:] or 1)),
    "held-out": HELD_OUT,
}


def chosen_splits(names: list[str]) -> list[str]:
    """The splits named, a group ("fitted", "held-out") standing for each of its splits, in order
    and once each: one run (one loaded index and model) scores them all."""
    splits: list[str] = []
    for name in names:
        splits.extend(s for s in SPLIT_GROUPS.get(name, [name]) if s not in splits)
    return splits


def _counts(marks: list[tuple[bool, bool]]) -> list[int]:
    """[questions, form right, answer right] of (form right, answer right) marks."""
    return [len(marks), sum(f for f, _ in marks), sum(r for _, r in marks)]


def _table(title: str, marks_by_form: dict[str, list[tuple[bool, bool]]]) -> list[str]:
    lines = [title, "form\tquestions\tform right\tanswer right"]
    for form in sorted(marks_by_form):
        lines.append("\t".join(map(str, [form, *_counts(marks_by_form[form])])))
    questions, form_right, right = _counts([m for ms in marks_by_form.values() for m in ms])
    lines.append(f"all\t{questions}\t{form_right / questions:.1%}\t{right / questions:.1%}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True, help="An index of corpus/.")
    parser.add_argument(
        "--split",
        nargs="+",
        choices=[*SPLIT_GROUPS, *SPLIT_GROUPS["fitted"], *HELD_OUT],
        default=["dev"],
        help="One or more splits; 'fitted' and 'held-out' stand for every split of the group.",
    )
    parser.add_argument("--out", type=Path, help="One JSON line per question.")
    parser.add_argument(
        "--summary",
        type=Path,
        help="Counts as JSON: split -> form -> [questions, form right, right].",
    )
    args = parser.parse_args()
    splits = chosen_splits(args.split)
    desk = Desk(Settings(index_dir=args.index_dir))
    rows = [row for row in blind_rows() if row["split"] in splits]
    marks: dict[str, dict[str, list[tuple[bool, bool]]]] = defaultdict(lambda: defaultdict(list))
    records = []
    for row in rows:
        answer = desk.ask(row["question"])
        form_right, right = judged(row, answer)
        marks[row["split"]][row["form"]].append((form_right, right))
        records.append(
            {
                **row,
                "chosen_form": answer.analysis.form,
                "outcome": answer.outcome,
                "form_right": form_right,
                "right": right,
                "answer": answer.text,
            }
        )
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    if args.summary:
        counts = {
            split: {form: _counts(m) for form, m in sorted(marks[split].items())}
            for split in splits
        }
        args.summary.write_text(json.dumps(counts, indent=1) + "\n")
    for split in splits:
        print(
            "\n".join(
                _table(
                    f"split {split}: {sum(map(len, marks[split].values()))} questions", marks[split]
                )
            )
        )
    if len(splits) > 1:
        merged: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
        for split in splits:
            for form, split_marks in marks[split].items():
                merged[form].extend(split_marks)
        print("\n".join(_table(f"splits {', '.join(splits)}: {len(rows)} questions", merged)))


if __name__ == "__main__":
    main()
