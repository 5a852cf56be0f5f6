"""The one rule that protects editors' work, used by the extractor, admin and API alike.

* A record an editor verified or changed is never overwritten by re-extraction.
* A record an editor rejected is never recreated or revived by re-extraction.
"""

from .choices import Provenance, ReviewStatus


def is_protected(obj) -> bool:
    """True when re-extraction must not change ``obj``."""
    return bool(obj.editor_modified) or obj.review_status != ReviewStatus.EXTRACTED


def is_rejected(obj) -> bool:
    return obj.review_status == ReviewStatus.REJECTED


def mark_editor_change(obj) -> None:
    """Flag ``obj`` (not saved here) as corrected by a person."""
    obj.editor_modified = True
    obj.provenance = Provenance.EDITOR
