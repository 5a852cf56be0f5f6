import re

import pytest
from django.urls import reverse

from apps.actors.models import Actor, ActorKind
from apps.articles.models import Mention
from apps.events.models import Evidence
from tests.browse_world import add_filler_events, build_world, make_article, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_article_list_and_filters(client, world):
    url = reverse("articles:article_list")
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [
        world.articles["summit"],
        world.articles["attack"],
    ]
    assert response.context["object_list"][0].event_count == 3
    after = client.get(url, {"published_after": "2020-01-01"}).context["object_list"]
    assert list(after) == [world.articles["summit"]]
    by_actor = client.get(url, {"actor": world.actors["turkey"].pk}).context["object_list"]
    assert list(by_actor) == [world.articles["attack"]]
    found = client.get(url, {"q": "convoy"}).context["object_list"]
    assert list(found) == [world.articles["attack"]]
    bad = client.get(url, {"published_before": "31/12/2020", "actor": "0"})
    assert bad.status_code == 200
    assert set(bad.context["filter"].errors) == {"published_before", "actor"}


def test_article_page_paragraphs_mentions_and_cited_sentences(client, world):
    article = world.articles["summit"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = str(response.context["body_html"])
    assert body.count("<p>") == 3
    erdogan = world.actors["erdogan"]
    assert (
        f'<a class="mention mention-actor" href="{erdogan.get_absolute_url()}" '
        f'title="Actor: {erdogan.name}">Recep Tayyip Erdogan</a>'
    ) in body
    post = world.posts["morek"]
    assert f'class="mention mention-observation-post" href="{post.get_absolute_url()}"' in body
    assert 'class="mention mention-place" href="/search/?q=Idlib"' in body
    for key in ("summit", "corridor", "encircled"):
        evidence = world.evidence[key]
        match = re.search(
            rf'<span class="evidence" id="evidence-{evidence.pk}"[^>]*>(.*?)</span>', body
        )
        assert match, key
    sentence = re.search(
        rf'id="evidence-{world.evidence["summit"].pk}"[^>]*>(.*?)</span></p>|'
        rf'id="evidence-{world.evidence["summit"].pk}"[^>]*>(.*?)</span> ',
        body,
    )
    assert sentence is not None
    assert "Recep Tayyip Erdogan</a>" in (sentence.group(1) or sentence.group(2))
    # The events extracted from the article are beside the text, linked to their sentences.
    assert set(response.context["events"]) == {
        world.events["summit"],
        world.events["corridor"],
        world.events["encircled"],
    }
    html = response.content.decode()
    assert f'href="#evidence-{world.evidence["corridor"].pk}"' in html


def test_article_with_script_renders_as_text(client):
    body = 'Title\n\nHe wrote <script>alert("x")</script> & <b>left</b>.\n\nEnd.'
    article = make_article("<script>alert(1)</script>", body, published_on=None, key="xss")
    start = body.index("<script>")
    actor = Actor.objects.create(name='"><script>x</script>', kind=ActorKind.ORGANISATION)
    Mention.objects.create(
        article=article, start=start, end=start + 8, text="<script>", actor=actor
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<b>left</b>" not in html
    assert (
        ">&lt;script&gt;</a>alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;left&lt;/b&gt;"
        in html
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title
    assert 'title="Actor: &quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_overlapping_mentions_and_shared_sentences(client, world):
    article = world.articles["summit"]
    words = "Turkish President Recep Tayyip Erdogan"
    start = article.body.index(words)
    Mention.objects.create(
        article=article,
        start=start,
        end=start + len(words),
        text=words,
        actor=world.actors["erdogan"],
    )
    Mention.objects.create(
        article=article, start=start, end=start + 7, text="Turkish", actor=world.actors["turkey"]
    )
    # A second event reported by exactly the same sentence keeps its own anchor.
    twin, twin_evidence = make_event(
        "statement",
        None,
        article=article,
        sentence=world.evidence["summit"].quote,
        actors=[(world.actors["putin"], "initiator")],
    )
    body = str(client.get(article.get_absolute_url()).context["body_html"])
    assert f'id="evidence-{twin_evidence.pk}"' in body
    assert f'id="evidence-{world.evidence["summit"].pk}"' in body
    assert body.count("<a ") == body.count("</a>")
    assert body.count("<span") == body.count("</span>")
    assert 'title="Actor: Turkey">Turkish</a>' not in body  # the longer mention wins
    assert "Turkish President Recep Tayyip Erdogan</a>" in body


def test_article_page_unknown_id_is_404(client, world):
    assert client.get(reverse("articles:article_detail", args=[77777])).status_code == 404


def test_dangerous_links_are_not_rendered(client, world):
    article = world.articles["attack"]
    article.url = "javascript:alert(1)"
    article.related_links = [
        {"title": "bad", "url": "javascript:alert(2)"},
        {"title": "good", "url": "https://example.org/a"},
    ]
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html
    assert 'href="https://example.org/a"' in html


@pytest.mark.parametrize("rows", [2, 40])
def test_article_pages_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    world = build_world()
    add_filler_events(world, rows)
    assert Evidence.objects.filter(article=world.articles["attack"]).count() == rows + 2
    with django_assert_max_num_queries(8):
        response = client.get(world.articles["attack"].get_absolute_url())
    assert len(response.context["events"]) == rows + 2
    with django_assert_max_num_queries(5):
        assert client.get(reverse("articles:article_list")).status_code == 200
