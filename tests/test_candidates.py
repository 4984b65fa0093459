"""A passage's sentences as the answerer weighs them (`rag.extractive.candidates`)."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from rag.extractive.candidates import candidates

LISTED = (
    "Chinese firms offer non-lethal equipment: helmets and tactical clothing for riot troops. "
    "Jamming equipment. And cameras, lots of cameras.\n\nNew paragraph here.\n\nOK."
)


def passage(text: str, start: int = 100) -> NodeWithScore:
    return NodeWithScore(node=TextNode(text=text, metadata={"doc_id": "a", "start": start}))


def test_a_fragment_continues_the_sentence_before_it_in_its_paragraph_with_true_offsets():
    found = candidates([passage(LISTED)])
    texts = [c.text for c in found]
    assert texts[0].endswith("for riot troops. Jamming equipment.")
    assert texts[1:] == ["And cameras, lots of cameras.", "New paragraph here."]
    assert found[1].context == found[0].text  # what it follows, as read
    for candidate in found:  # every candidate is still the article's text at its offsets
        assert LISTED[candidate.start - 100 : candidate.end - 100] == candidate.text


def test_a_fragment_opening_a_paragraph_or_after_a_sentence_that_lists_nothing_is_left_out():
    found = candidates([passage("Short one.\n\nThe rest of the story follows here.")])
    assert [c.text for c in found] == ["The rest of the story follows here."]
    found = candidates([passage("Vigilink cameras went up in Lyon on Monday. Critics object.")])
    assert [c.text for c in found] == ["Vigilink cameras went up in Lyon on Monday."]
