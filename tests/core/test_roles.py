"""Editors correct knowledge but cannot manage users; Reviewers only look."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.choices import ReviewStatus
from apps.core.roles import EDITORS, REVIEWERS, roles_setup
from apps.events.models import Event

from .admin_builders import actor_make, article_make, event_make, form_post_data


def _user(username, role=None):
    user = get_user_model().objects.create_user(username=username, password="pw-12345-long")
    if role:
        call_command("grant_role", username, role, stdout=io.StringIO())
        user.refresh_from_db()
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(_user("edna", "editor"))
    return client


@pytest.fixture
def reviewer_client(client):
    client.force_login(_user("rita", "reviewer"))
    return client


@pytest.mark.django_db
def test_groups_exist_after_migrate():
    editors = Group.objects.get(name=EDITORS)
    reviewers = Group.objects.get(name=REVIEWERS)
    editor_perms = {p.codename for p in editors.permissions.all()}
    reviewer_perms = {p.codename for p in reviewers.permissions.all()}
    assert {"change_event", "add_actor", "change_article", "view_ingestionrecord"} <= editor_perms
    assert "delete_eventactor" in editor_perms and "delete_event" not in editor_perms
    assert not {p for p in editor_perms if p.endswith(("_user", "_group", "_permission"))}
    assert not {p for p in editor_perms if p.endswith("_token") or "logentry" in p}
    assert reviewer_perms and all(p.startswith("view_") for p in reviewer_perms)


@pytest.mark.django_db
def test_roles_setup_is_idempotent():
    first = roles_setup()
    assert roles_setup() == first
    assert Group.objects.filter(name__in=[EDITORS, REVIEWERS]).count() == 2


@pytest.mark.django_db
def test_grant_role_makes_staff_and_revoke_undoes_it():
    user = _user("sam", "editor")
    assert user.is_staff and user.groups.filter(name=EDITORS).exists()
    call_command("grant_role", "sam", "editor", "--revoke", stdout=io.StringIO())
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    with pytest.raises(CommandError, match="no user"):
        call_command("grant_role", "nobody", "editor")


@pytest.mark.django_db
def test_editor_cannot_open_user_management(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_add")).status_code == 403
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert reverse("admin:events_event_changelist") in index


@pytest.mark.django_db
def test_editor_reviews_and_corrects_events(editor_client):
    event = event_make(article=article_make(), actors=[(actor_make(), "initiator")])
    assert editor_client.get(reverse("admin:events_event_changelist")).status_code == 200
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_post_data(editor_client.get(url))
    data["fatalities"] = "8"
    assert editor_client.post(url, data).status_code == 302
    editor_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "verify_selected", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.fatalities == 8 and event.review_status == ReviewStatus.VERIFIED
    # Whole records are rejected, not deleted.
    delete = reverse("admin:events_event_delete", args=[event.pk])
    assert editor_client.get(delete).status_code == 403
    assert editor_client.get(reverse("admin:articles_article_upload")).status_code == 200


@pytest.mark.django_db
def test_reviewer_sees_but_cannot_change(reviewer_client):
    event = event_make(article=article_make())
    url = reverse("admin:events_event_change", args=[event.pk])
    page = reviewer_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert reviewer_client.post(url, {"summary": "changed"}).status_code == 403
    response = reviewer_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "verify_selected", "_selected_action": [event.pk]},
    )
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.review_status == ReviewStatus.EXTRACTED and event.summary != "changed"
    assert reviewer_client.get(reverse("admin:articles_article_upload")).status_code == 403
    assert reviewer_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert Event.objects.count() == 1
