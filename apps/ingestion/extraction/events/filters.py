"""Sentences and events that tell nothing new: headline lines and undated events without
actors.
"""

from __future__ import annotations

from ..types import Sentence

_TERMINAL = tuple(".!?\"”’')…;:")


def label_line(text: str, sentence: Sentence) -> bool:
    """A whole line that does not end like a sentence: a headline, kicker, teaser or caption
    label ("Two Russian servicemen injured in attack on joint patrol"). News prose ends its
    sentences; such lines repeat or announce what the prose reports."""
    if sentence.text.rstrip().endswith(_TERMINAL):
        return False
    before = text[: sentence.start].rstrip(" \t")
    after = text[sentence.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


# Besides agreements ("a conditional truce announced on Aug. 1"), event types that stand without
# a named actor when the sentence dates them ("talks between Russian and Turkish officials in
# Moscow on Monday").
DATED_WITHOUT_ACTORS = {"meeting"}
