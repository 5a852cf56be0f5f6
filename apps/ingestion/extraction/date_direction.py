"""Whether a date expression points forward from the publication date ("talks on Thursday"
announced on Wednesday) or dates what was said or done before it."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from apps.events.vocabulary import date_vocabulary

if TYPE_CHECKING:
    from .dates import DateMention


def is_future(text: str, mention: DateMention) -> bool:
    """Whether the words before a weekday or month point forward from the publication date.

    "likely to dominate Syria talks on Thursday" points forward; "Peskov said Wednesday the
    leaders would discuss" dates the saying, so a reporting verb right before the expression
    wins over a later "would".
    """
    before = text[max(0, mention.start - 150) : mention.start].lower().replace("’", "'")
    last_word = re.findall(r"[\w']+", before)[-1:] or [""]
    if last_word[0] in date_vocabulary()["reporting_verbs"]:
        return False
    return bool(_future_pattern().search(before))


@cache
def _future_pattern() -> re.Pattern:
    cues = sorted(date_vocabulary()["future_cues"], key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, cues)) + r")\b")
