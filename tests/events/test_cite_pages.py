""" "Cite this" on event, agreement and quotation pages, and the quotation page itself."""

import json
from datetime import date

import pytest
from django.urls import reverse

from apps.core.choices import ReviewStatus
from apps.events.models import Evidence, Quotation
from tests.browse_world import build_world

pytestmark = pytest.mark.django_db

CSL_KEYS = {"id", "type", "title", "container-title", "issued", "URL", "accessed", "note"}


@pytest.fixture
def world():
    w = build_world()
    w.articles["summit"].url = "https://wire.example.org/summit"
    w.articles["summit"].save()
    return w


def quotation(world, **overrides) -> Quotation:
    article = world.articles["summit"]
    sentence = "The deal sets up a secure corridor along the M4 highway with joint patrols."
    start = article.body.index(sentence)
    words = "secure corridor"
    fields = {
        "article": article,
        "speaker": world.actors["putin"],
        "speaker_text": "Putin",
        "text": words,
        "text_start": article.body.index(words),
        "text_end": article.body.index(words) + len(words),
        "quote": sentence,
        "start": start,
        "end": start + len(sentence),
        "said_on": date(2020, 3, 5),
        "said_on_precision": "day",
        "partial": True,
        "event": world.events["summit"],
    }
    fields.update(overrides)
    return Quotation.objects.create(**fields)


def section(html: str) -> str:
    return html[html.index('id="cite"') :]


def test_event_page_cites_its_sentence_at_the_end(client, world):
    event, evidence = world.events["summit"], world.evidence["summit"]
    html = client.get(event.get_absolute_url()).content.decode()
    cite = section(html)
    # The section closes the page's content: after the evidence, nothing but the end.
    assert html.index("<h2>Evidence</h2>") < html.index('id="cite"')
    assert "Cite this" in cite
    assert "Test Wire, “Putin and Erdogan agree a ceasefire in Idlib”, 6 Mar 2020, " in cite
    assert "https://wire.example.org/summit" in cite
    assert f"characters {evidence.start}–{evidence.end} of the article&#x27;s text" in cite
    assert f"/articles/{evidence.article_id}/#evidence-{evidence.pk}" in cite
    assert '<pre class="csl-json">' in cite
    assert f'href="{event.get_absolute_url()}?format=csl"' in cite


def test_event_csl_download_is_one_item_per_article(client, world):
    event = world.events["summit"]
    article = world.articles["summit"]
    other = "The deal sets up a secure corridor along the M4 highway with joint patrols."
    start = article.body.index(other)
    Evidence.objects.create(
        event=event, article=article, quote=other, start=start, end=start + len(other)
    )
    response = client.get(event.get_absolute_url(), {"format": "csl"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    assert "attachment" in response["Content-Disposition"]
    items = json.loads(response.content)
    assert len(items) == 1  # two sentences, one article
    [item] = items
    assert CSL_KEYS <= set(item)
    assert item["type"] == "article-newspaper"
    assert item["container-title"] == "Test Wire"
    assert item["issued"] == {"date-parts": [[2020, 3, 6]]}
    assert item["URL"] == "https://wire.example.org/summit"
    assert [q["start"] for q in item["custom"]["quotes"]] == sorted(
        [world.evidence["summit"].start, start]
    )
    # The page shows the same items.
    page = client.get(event.get_absolute_url())
    assert len(page.context["citations"]) == 1
    assert json.loads(page.context["citations_csl"])[0]["custom"] == item["custom"]


def test_event_without_a_url_cites_its_article_page_here(client, world):
    event = world.events["strike"]
    items = json.loads(client.get(event.get_absolute_url(), {"format": "csl"}).content)
    assert items[0]["URL"] == f"http://testserver/articles/{world.articles['attack'].pk}/"


def test_rejected_event_has_no_citation(client, world):
    event = world.events["summit"]
    event.review_status = ReviewStatus.REJECTED
    event.save()
    assert client.get(event.get_absolute_url(), {"format": "csl"}).status_code == 404


def test_agreement_page_cites_the_reports_of_its_events(client, world):
    sochi = world.agreements["sochi"]
    html = client.get(sochi.get_absolute_url()).content.decode()
    cite = section(html)
    assert "Syrian jet strikes Turkish convoy" in cite
    assert "Ankara said the operation violated the Sochi memorandum." in cite
    items = json.loads(client.get(sochi.get_absolute_url(), {"format": "csl"}).content)
    assert [item["title"] for item in items] == ["Syrian jet strikes Turkish convoy"]


def test_agreement_without_events_says_so(client, world):
    lonely = type(world.agreements["sochi"]).objects.create(
        name="Astana memorandum", kind="memorandum"
    )
    html = client.get(lonely.get_absolute_url()).content.decode()
    assert "No cited sentence to cite yet." in section(html)
    assert json.loads(client.get(lonely.get_absolute_url(), {"format": "csl"}).content) == []


def test_quotation_page_shows_words_speaker_day_sentence_and_statement(client, world):
    q = quotation(world)
    response = client.get(reverse("quotations:quotation_detail", args=[q.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "“secure corridor”" in html
    assert f'<a href="{world.actors["putin"].get_absolute_url()}">Vladimir Putin</a>' in html
    assert "5 Mar 2020" in html
    assert q.quote in html
    assert f'href="{world.articles["summit"].get_absolute_url()}"' in html
    assert f'href="{world.events["summit"].get_absolute_url()}"' in html
    cite = section(html)
    assert f"characters {q.start}–{q.end}" in cite
    items = json.loads(
        client.get(reverse("quotations:quotation_detail", args=[q.pk]), {"format": "csl"}).content
    )
    assert items[0]["custom"]["quotes"] == [{"text": q.quote, "start": q.start, "end": q.end}]


def test_quotation_page_names_an_unknown_speaker_by_the_words_and_its_day_at_its_precision(
    client, world
):
    q = quotation(
        world,
        speaker=None,
        speaker_text="a Western diplomat",
        said_on=date(2020, 3, 1),
        said_on_precision="month",
        event=None,
    )
    html = client.get(reverse("quotations:quotation_detail", args=[q.pk])).content.decode()
    assert "a Western diplomat" in html
    assert "Mar 2020" in html and "1 Mar 2020" not in html
    assert "Statement" not in html


def test_rejected_quotation_is_a_404_and_a_rejected_statement_is_not_linked(client, world):
    q = quotation(world)
    event = world.events["summit"]
    event.review_status = ReviewStatus.REJECTED
    event.save()
    html = client.get(reverse("quotations:quotation_detail", args=[q.pk])).content.decode()
    assert f'href="{event.get_absolute_url()}"' not in html
    q.review_status = ReviewStatus.REJECTED
    q.save()
    url = reverse("quotations:quotation_detail", args=[q.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"format": "csl"}).status_code == 404
    assert client.get(reverse("quotations:quotation_detail", args=[987654])).status_code == 404


def test_actor_page_links_each_quotation_to_its_page(client, world):
    q = quotation(world)
    html = client.get(world.actors["putin"].get_absolute_url()).content.decode()
    assert f'href="{reverse("quotations:quotation_detail", args=[q.pk])}"' in html


def test_quotation_page_query_count(client, world, django_assert_max_num_queries):
    q = quotation(world)
    with django_assert_max_num_queries(2):
        client.get(reverse("quotations:quotation_detail", args=[q.pk]))
