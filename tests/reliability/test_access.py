"""Access: anonymous, authenticated without rights, Reviewer, Editor and superuser against every
write endpoint of the API, every admin changelist and change page, and the admin actions."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.actors.models import Actor
from apps.core.choices import ReviewStatus
from apps.core.roles import EDITORS, REVIEWERS, roles_setup
from config.api_router import router

from .kb_data import build_knowledge_base

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nobody", "reviewer", "editor", "superuser"]
WRITERS = {"editor", "superuser"}
CORRECTABLE = {
    "actors": "actor",
    "agreements": "agreement",
    "observation-posts": "post",
    "events": "event",
}


@pytest.fixture
def kb():
    roles_setup()
    data = build_knowledge_base()
    users = {"anonymous": None}
    users["nobody"] = User.objects.create_user("nobody", password="pw", is_staff=True)
    for role, group in [("reviewer", REVIEWERS), ("editor", EDITORS)]:
        user = User.objects.create_user(role, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    users["superuser"] = User.objects.create_superuser("root", "root@example.org", "pw")
    data["users"] = users
    data["tokens"] = {
        role: Token.objects.create(user=user).key for role, user in users.items() if user
    }
    return data


def api_client(kb, role) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Token {kb['tokens'][role]}")
    return client


def admin_client(kb, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(kb["users"][role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", sorted(CORRECTABLE))
def test_api_corrections_need_the_editor_role(kb, role, prefix):
    record = kb[CORRECTABLE[prefix]]
    record.refresh_from_db()
    before = record.review_status
    response = api_client(kb, role).patch(
        f"/api/v1/{prefix}/{record.pk}/", {"review_status": ReviewStatus.REJECTED}, format="json"
    )
    record.refresh_from_db()
    if role in WRITERS:
        assert response.status_code == 200, response.content
        assert record.review_status == ReviewStatus.REJECTED
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert record.review_status == before
    if role == "anonymous":
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("role", ROLES)
def test_no_one_creates_replaces_or_deletes_through_the_api(kb, role):
    client = api_client(kb, role)
    for prefix, _viewset, _basename in router.registry:
        counts = Actor.objects.count()
        for method in ("post", "put", "delete"):
            url = f"/api/v1/{prefix}/"
            detail = f"/api/v1/{prefix}/1/"
            for target in (url, detail):
                if target.endswith("upload/"):
                    continue
                response = getattr(client, method)(target, {}, format="json")
                assert response.status_code in (401, 403, 404, 405), (method, target, role)
        assert Actor.objects.count() == counts


@pytest.mark.parametrize("role", ROLES)
def test_api_upload_needs_the_editor_role(kb, role, settings, tmp_path):
    settings.INGESTION_UPLOAD_DIR = tmp_path / "uploads"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("note.txt", b"Turkish troops held Morek on Monday. " * 5)
    response = api_client(kb, role).post(
        "/api/v1/articles/upload/", {"file": upload}, format="multipart"
    )
    if role in WRITERS:
        assert response.status_code == 202, response.content
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert not (tmp_path / "uploads").exists()


def test_a_deleted_token_no_longer_authenticates(kb):
    client = api_client(kb, "editor")
    url = f"/api/v1/actors/{kb['actor'].pk}/"
    assert client.patch(url, {"description": "kept"}, format="json").status_code == 200
    Token.objects.filter(user=kb["users"]["editor"]).delete()
    response = client.patch(url, {"description": "after revocation"}, format="json")
    assert response.status_code == 401
    assert client.get("/api/v1/actors/").status_code == 401  # a bad token is not anonymous
    kb["actor"].refresh_from_db()
    assert kb["actor"].description == "kept"


def admin_allows(user, model, action: str) -> bool:
    """What the model's admin says the user may do (read-only admins refuse adding even to
    superusers)."""
    if user is None or not user.is_active or not user.is_staff:
        return False
    request = RequestFactory().get("/admin/")
    request.user = user
    model_admin = admin.site._registry[model]
    if action == "add":
        return model_admin.has_add_permission(request)
    return model_admin.has_view_or_change_permission(request)


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_follow_the_roles(kb, role):
    client = admin_client(kb, role)
    user = kb["users"][role]
    seen = 0
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        obj = model._default_manager.order_by("pk").first()
        pages = [("view", reverse("admin:{}_{}_changelist".format(*info)))]
        pages.append(("add", reverse("admin:{}_{}_add".format(*info))))
        if obj is not None:
            pages.append(("view", reverse("admin:{}_{}_change".format(*info), args=[obj.pk])))
        for action, url in pages:
            response = client.get(url)
            assert response.status_code < 500, url
            if role == "anonymous":
                assert response.status_code == 302 and "/login/" in response["Location"], url
            elif admin_allows(user, model, action):
                assert response.status_code == 200, (role, url, response.status_code)
            else:
                assert response.status_code in (403, 302), (role, url, response.status_code)
            if role == "nobody" or (role == "reviewer" and action == "add"):
                assert response.status_code != 200, (role, url)
            if role == "superuser" and action == "view":
                assert response.status_code == 200, url
            seen += 1
    assert seen >= 2 * len(admin.site._registry)


def test_roles_grant_what_they_promise(kb):
    """The matrix above derives from permissions; these pin the roles themselves."""
    reviewer, editor, nobody = (kb["users"][r] for r in ("reviewer", "editor", "nobody"))
    assert reviewer.has_perm("actors.view_actor") and not reviewer.has_perm("actors.change_actor")
    assert editor.has_perm("actors.change_actor") and not editor.has_perm("actors.delete_actor")
    assert not editor.has_perm("auth.view_user") and not editor.has_perm("authtoken.view_token")
    assert not nobody.get_all_permissions()
    for role in ("nobody", "reviewer", "editor"):
        client = admin_client(kb, role)
        assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert (
        admin_client(kb, "reviewer").get(reverse("admin:actors_actor_changelist")).status_code
        == 200
    )


@pytest.mark.parametrize("role", ROLES)
def test_admin_change_form_posts_need_change_rights(kb, role):
    actor = kb["actor"]
    url = reverse("admin:actors_actor_change", args=[actor.pk])
    response = admin_client(kb, role).post(
        url,
        {
            "name": "Renamed by " + role,
            "kind": actor.kind,
            "review_status": "verified",
            "provenance": "editor",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code < 500
    actor.refresh_from_db()
    if role not in WRITERS:
        assert actor.name == "Recep Tayyip Erdoğan", role
        assert response.status_code in (302, 403)


ACTIONS = [
    ("actors", "actor", "actor", "verify_selected"),
    ("agreements", "agreement", "agreement", "reject_selected"),
    ("places", "observationpost", "post", "verify_selected"),
    ("events", "event", "event", "reject_selected"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("app", "model", "key", "action"), ACTIONS)
def test_admin_review_actions_need_change_rights(kb, role, app, model, key, action):
    record = kb[key]
    type(record).objects.filter(pk=record.pk).update(review_status=ReviewStatus.EXTRACTED)
    url = reverse(f"admin:{app}_{model}_changelist")
    response = admin_client(kb, role).post(
        url, {"action": action, "_selected_action": [record.pk], "index": 0}
    )
    assert response.status_code < 500
    record.refresh_from_db()
    changed = record.review_status != ReviewStatus.EXTRACTED
    assert changed == (role in WRITERS), (role, action, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_only_superusers_delete_whole_records_in_admin(kb, role):
    actor = kb["actor"]
    url = reverse("admin:actors_actor_changelist")
    client = admin_client(kb, role)
    client.post(url, {"action": "delete_selected", "_selected_action": [actor.pk], "post": "yes"})
    assert Actor.objects.filter(pk=actor.pk).exists() == (role != "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_admin_rerun_and_merge_actions_need_change_rights(kb, role):
    client = admin_client(kb, role)
    article_url = reverse("admin:articles_article_changelist")
    response = client.post(
        article_url,
        {"action": "rerun_extraction", "_selected_action": [kb["article"].pk], "index": 0},
    )
    assert response.status_code < 500
    other = Actor.objects.create(name="R. T. Erdogan", kind="person")
    actors_url = reverse("admin:actors_actor_changelist")
    response = client.post(
        actors_url,
        {"action": "merge_selected", "_selected_action": [kb["actor"].pk, other.pk], "index": 0},
    )
    assert response.status_code < 500
    if role not in WRITERS:
        assert response.status_code in (302, 403) or b"merge" not in response.content.lower()
    # Nobody merges without confirming; the records are both still there.
    assert Actor.objects.filter(pk__in=[kb["actor"].pk, other.pk]).count() == 2


@pytest.mark.parametrize("role", ROLES)
def test_admin_upload_page_needs_the_editor_role(kb, role):
    response = admin_client(kb, role).get(reverse("admin:articles_article_upload"))
    if role == "anonymous":
        assert response.status_code == 302
    elif role in WRITERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
