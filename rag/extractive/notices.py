"""The fixed lines an answer may carry. Kept apart from the answerer so that the chat can
recognise them (to style them) without loading what answering needs."""

ABSTAIN_TEXT = "The indexed articles do not answer this."
TENTATIVE_TEXT = "The closest the articles come:"
DISAGREE_NOTICE = "The sources disagree."
CHANGE_NOTICE = "The figure changed over time (oldest first):"
