"""The chat's list of past conversations: each by its first question, when it was last asked,
and how many questions it holds, newest first."""

from __future__ import annotations

from ui.conversation import past_choices


def test_conversations_are_listed_newest_first_with_their_time_and_length():
    saved = [
        {"id": "a", "title": "Who runs Milipol?", "answers": [{}], "when": "2026-12-01 09:15"},
        {
            "id": "b",
            "title": "Who runs Milipol?",
            "answers": [{}, {}, {}],
            "when": "2026-12-02 18:40",
        },
        {"id": "c", "title": "What is Hytera?", "answers": [{}]},  # stored before times were
    ]
    assert past_choices(saved) == [
        ("What is Hytera?", "c"),
        ("Who runs Milipol? · 2026-12-02 18:40 (3 questions)", "b"),
        ("Who runs Milipol? · 2026-12-01 09:15", "a"),
    ]
