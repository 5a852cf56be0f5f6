"""Event extraction: who did what to whom, when and where, one sentence at a time.

Pure Python over the entity half's output (sentences and entity mentions). For each sentence
(``assemble.extract_events``, over a sentence ``sentence.prepare`` made ready):

1. find trigger words of the vocabulary (``apps/events/data/triggers.yaml``) with a spaCy
   PhraseMatcher over the blank English tokenizer (``triggers``);
2. drop triggers that report no fact: inside quotation marks, negated, hedged ("could",
   "might", "is likely to", "if ..."), or nouns the sentence does not anchor to a happening
   (analysis such as "the battle for Idlib underscores...") (``facts``);
3. keep the strongest trigger of each family (violence, diplomacy, statement, ...) and refine
   its type from context ("a fighter jet attacked" is an air strike) (``triggers``);
4. give it actors with roles from the order of mentions around the trigger (``roles``: no
   parser; the subject before an active verb initiates, the object after it is the target,
   "by"/"blamed on" names the agent of a passive, "talks between A, B and C" makes
   participants), a place, the agreement and observation post the sentence names
   (``describe``), killed and wounded counts (``figures``), a date resolved from the words
   nearest the trigger (``dating``), and the sentence as evidence; events that tell nothing
   (``filters``) are left out.
"""

from .assemble import extract_events

__all__ = ["extract_events"]
