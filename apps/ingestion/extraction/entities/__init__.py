"""Entity recognition: actors, agreements, observation posts and places in an article's text.

``extract_entities(text, published_on=...)`` is pure (no ORM) and returns an ``EntityExtraction``
whose mentions carry character offsets into ``text``. How it works:

1. spaCy (``../nlp.py``) tokenises and splits sentences; phrase matchers find every dictionary
   alias and every cue word (titles, demonyms, capitals, force nouns...) (``parse``).
2. Rules (vocabularies in ``apps/actors/data/titles.yaml``) turn matches into candidates:
   people introduced by a title ("Kremlin spokesman Dmitry Peskov"), by an appositive ("Elena
   Suponina, a Moscow-based Middle East expert") or in a list ("experts such as Fehim
   Tastekin") (``people``); roles ("Turkey's president" -> the holder at the article's date)
   (``holders``); agents ("Turkish troops" -> the Turkish Armed Forces, "Assad's forces" -> the
   Syrian Arab Army); bodies ("the Turkish defence ministry"); organisations by their head noun
   ("... Council", "Jaish al-...") (``organisations``); capitals used for governments ("Ankara
   said" -> Turkey, while "in Moscow" and "Moscow-based" are places) (``known``); descriptive
   agreements ("a 1998 security treaty between Turkey and Syria") (``agreements``); named
   posts ("the Morek post") and stated counts ("one of 12") (``posts``).
3. Candidates are chosen most specific, then longest, first without overlap, separately for
   actors/places, agreements and posts; a span holds one mention (a post or agreement wins
   over a place) (``selection``, ``assemble``).
4. A person first named in full is then recognised by surname alone; near-miss spellings of
   dictionary people resolve with rapidfuzz; a known surname after an unknown first name
   ("Maher al-Assad") is someone else.
5. A bare "the deal" right after a named agreement refers back to it; a ministry named without
   its state ("the Defense Ministry") belongs to the state named last in the sentence, else
   to the state the article names most.

Undated articles resolve roles on ``undated_reference`` (titles.yaml) or the latest year they
name, whichever is later; dated ones on their publication date.

Rule for "the Kremlin": it is the Russian presidency as an institution (its own actor,
affiliated to Russia), not a metonym for the state; "Moscow" said or did is the state.

Sources (outlets, wires, media centres, universities, cited research groups, reporters) are
actors only where they act or are acted upon, never where they are only cited (``sources``).

Never actors: lines that are photo credits, captions' agencies, bylines or links; bare generic
words ("officials", "rebels"); titles that resolve to no one; nationality adjectives alone;
calendar words; places. New people and organisations are only taken from prose, never from
title-case lines (headlines, teasers' headings).
"""

from .assemble import extract_entities

__all__ = ["extract_entities"]
