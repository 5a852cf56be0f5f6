"""What tells no event: questions, headline lines, and events without actors, date or figures.

A question ("What did Russia and Turkey agree?") and a line that does not end like a sentence
(a headline, teaser or caption label) give no event: the article's prose tells it. An event
needs an actor, except a dated agreement or meeting ("a conditional truce announced on Aug. 1")
and violence or displacement; a statement needs its speaker, a threat someone threatened, and
violence an actor or a casualty figure.
"""

from __future__ import annotations

from apps.events.vocabulary import event_types

from .. import timeline_dates
from ..types import EventActorRef, Sentence
from .roles import INITIATOR, TARGET
from .sentence import Candidate, PreparedSentence, cue_sets

TERMINAL = tuple(".!?\"”’')…;:")  # how a sentence ends
# Besides agreements ("a conditional truce announced on Aug. 1"), event types that stand without
# a named actor when the sentence dates them ("talks between Russian and Turkish officials in
# Moscow on Monday").
_DATED_WITHOUT_ACTORS = {"meeting"}


def is_question(sentence: Sentence) -> bool:
    return sentence.text.rstrip(" \"”’'*").endswith("?")


# Headlines, kickers and caption labels are short; a longer line is prose.
LABEL_MAX_WORDS = 30


def label_line(text: str, sentence: Sentence) -> bool:
    """A whole line that does not end like a sentence: a headline, kicker, teaser or caption
    label ("Two Russian servicemen injured in attack on joint patrol"). News prose ends its
    sentences; such lines repeat or announce what the prose reports."""
    if sentence.text.rstrip().endswith(TERMINAL) or timeline_entry(sentence):
        return False
    if len(sentence.text.split()) > LABEL_MAX_WORDS and "\n" not in sentence.text.strip():
        return False  # one long line: a paragraph that lost its full stop, not a label
    before = text[: sentence.start].rstrip(" \t")
    after = text[sentence.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def timeline_entry(sentence: Sentence) -> bool:
    """A line of a timeline, opened by its date ("27/02: Russia kills 33 TR soldiers"): a
    fact told in note form, in the present tense, often without a full stop."""
    return timeline_dates.entry(sentence.text) is not None


def is_reported(
    s: PreparedSentence,
    c: Candidate,
    refs: list[EventActorRef],
    *,
    dated: bool,
    figures: tuple[int | None, int | None],
) -> bool:
    """Whether trigger ``c`` with these actors, a date expression (``dated``) and casualty
    figures (killed, wounded) tells an event worth keeping."""
    spec = event_types()[c.event_type]
    if not refs and spec.family not in ("humanitarian", "violence"):
        # "A conditional truce announced on Aug. 1": an agreement dated but unnamed.
        standalone = spec.family == "agreement" or (
            c.event_type in _DATED_WITHOUT_ACTORS
            and c.form != "verb"
            and not any(w in cue_sets()["sequels"] for w in s.words[max(0, c.i - 2) : c.i])
        )
        if not (standalone and dated):
            return False
    if spec.family == "statement" and not any(r.role == INITIATOR for r in refs):
        return False
    if (
        s.words[c.i].startswith("threat")
        and not any(r.role == TARGET for r in refs)
        and (c.j >= len(s.words) or s.words[c.j] != "to")
    ):
        return False  # "attacks are threatening a fragile situation": no one is threatened
    killed, wounded = figures
    return not (spec.violent and not refs and killed is None and wounded is None)
