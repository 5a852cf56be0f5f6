"""User-supplied text is always escaped in pages: markup in an article or a record renders as
text, on the public pages and in admin."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from apps.actors.models import Actor
from apps.agreements.models import Agreement, AgreementParty
from apps.articles.models import Article, Mention
from apps.events.models import Event, EventActor, Evidence
from apps.places.models import ObservationPost

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('kb-xss')</script>"
IMG = '"><img src=x onerror=alert("kb-xss")>'
RAW = ["<script>alert(", "<img src=x"]


@pytest.fixture
def hostile():
    body = (
        f"Turkish troops {SCRIPT} held Morek on Monday.\n\n"
        f"Ankara said {IMG} the post stays. </p></div><!-- end -->"
    )
    article = Article.objects.create(
        title=f"Idlib {SCRIPT}",
        body=body,
        published_on=date(2020, 3, 5),
        source=f"Wire {IMG}",
        author=SCRIPT,
        url="https://example.org/a",
        source_file="x.txt",
        source_path="corpus/x.txt",
        content_hash="e" * 64,
    )
    actor = Actor.objects.create(name=f"Turkey {SCRIPT}", kind="state", description=IMG)
    agreement = Agreement.objects.create(
        name=f"Sochi {SCRIPT}", kind="memorandum", summary=IMG, signed_on=date(2018, 9, 17)
    )
    AgreementParty.objects.create(agreement=agreement, actor=actor, role=SCRIPT[:32])
    post = ObservationPost.objects.create(name=f"Morek {SCRIPT}", agreement=agreement)
    event = Event.objects.create(
        event_type="fight",
        cameo_code="190",
        date=date(2020, 3, 2),
        summary=SCRIPT,
        location_text=IMG,
        agreement=agreement,
        observation_post=post,
    )
    EventActor.objects.create(event=event, actor=actor, role="initiator", mention_text=SCRIPT)
    start = body.index("Turkish")
    end = body.index("Monday.") + len("Monday.")
    Evidence.objects.create(
        event=event, article=article, quote=body[start:end], start=start, end=end
    )
    # A mention whose words contain the script, so the highlighting code handles markup too.
    script_at = body.index(SCRIPT)
    Mention.objects.create(
        article=article, start=script_at, end=script_at + len(SCRIPT), text=SCRIPT, actor=actor
    )
    return {
        "article": article,
        "actor": actor,
        "agreement": agreement,
        "post": post,
        "event": event,
    }


def assert_escaped(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, raw
    return html


def test_article_page_renders_script_as_text(client, hostile):
    html = assert_escaped(client.get(hostile["article"].get_absolute_url()))
    assert "&lt;script&gt;alert(" in html  # shown, as text


@pytest.mark.parametrize("key", ["actor", "agreement", "post", "event"])
def test_record_pages_escape_names_and_summaries(client, hostile, key):
    html = assert_escaped(client.get(hostile[key].get_absolute_url()))
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "name",
    [
        "articles:article_list",
        "actors:actor_list",
        "agreements:agreement_list",
        "places:post_list",
        "events:event_list",
        "portal:home",
        "places:map",
    ],
)
def test_list_pages_escape(client, hostile, name):
    assert_escaped(client.get(reverse(name)))


def test_search_escapes_both_the_query_and_the_results(client, hostile):
    html = assert_escaped(client.get(reverse("portal:search"), {"q": f"Idlib {SCRIPT}"}))
    assert "alert(&#x27;kb-xss&#x27;)" in html or "&lt;script&gt;" in html
    assert_escaped(client.get(reverse("portal:search"), {"q": "Idlib"}))


def test_admin_change_pages_escape(client, hostile):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    for key, url_name in [
        ("article", "articles_article"),
        ("actor", "actors_actor"),
        ("event", "events_event"),
    ]:
        obj = hostile[key]
        assert_escaped(client.get(reverse(f"admin:{url_name}_change", args=[obj.pk])))
        assert_escaped(client.get(reverse(f"admin:{url_name}_changelist")))


def test_api_json_is_not_html(client, hostile):
    response = client.get(
        f"/api/v1/articles/{hostile['article'].pk}/", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
