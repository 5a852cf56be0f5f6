import pytest

from apps.actors.models import Actor
from apps.core.choices import Provenance, ReviewStatus
from apps.core.review import is_protected, is_rejected, mark_editor_change


@pytest.mark.parametrize(
    ("status", "modified", "protected"),
    [
        (ReviewStatus.EXTRACTED, False, False),
        (ReviewStatus.EXTRACTED, True, True),
        (ReviewStatus.VERIFIED, False, True),
        (ReviewStatus.REJECTED, False, True),
    ],
)
def test_is_protected(status, modified, protected):
    actor = Actor(name="X", kind="person", review_status=status, editor_modified=modified)
    assert is_protected(actor) is protected
    assert is_rejected(actor) is (status == ReviewStatus.REJECTED)


def test_mark_editor_change_sets_flag_and_provenance():
    actor = Actor(name="X", kind="person")
    mark_editor_change(actor)
    assert actor.editor_modified and actor.provenance == Provenance.EDITOR


@pytest.mark.django_db
def test_record_editor_update_records_the_editor_in_history(django_user_model):
    from apps.core.services import record_editor_update

    editor = django_user_model.objects.create_user("ed")
    actor = Actor.objects.create(name="Hulusi Akar", kind="person")
    record_editor_update(actor, changes={"description": "Turkish defence minister"}, user=editor)
    actor.refresh_from_db()
    assert actor.editor_modified and actor.description == "Turkish defence minister"
    assert actor.history.latest().history_user == editor
