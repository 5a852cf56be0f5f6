"""The pages of issue #17 in a real browser: a quotation with Cite this, an actor's own words,
an event whose sources disagree on its cost, an agreement's relations and life, and a list
that says how many records have no date."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from apps.agreements.models import Agreement, AgreementKind, AgreementRelation
from apps.agreements.services import agreement_relations_replace_for_article
from apps.events.models import Quotation
from apps.events.sources import figures_replace_for_article
from tests.browse_world import build_world, make_article, make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUOTE = "We will not leave our observation posts"
QUOTE_ARTICLE = (
    "Erdogan vows to keep Idlib posts\n\n"
    f'Erdogan said on Friday: "{QUOTE}," as Syrian troops closed in. '
    "Five Turkish servicemen were killed when a Syrian jet struck a convoy near Morek. "
    "The Moscow additional protocol, an addendum to the Sochi memorandum, took effect at "
    "midnight. Damascus accused Ankara of breaking the Sochi memorandum."
)
ADDENDUM = "The Moscow additional protocol, an addendum to the Sochi memorandum, took effect"


@pytest.fixture
def world():
    w = build_world()
    a, g = w.actors, w.agreements
    article = w.articles["quotes"] = make_article(
        "Erdogan vows to keep Idlib posts", QUOTE_ARTICLE, published_on=date(2019, 8, 23), key="q"
    )
    body = article.body
    start = body.index(QUOTE)
    sentence = body[body.index("Erdogan said") : body.index("closed in.") + len("closed in.")]
    w.quotation = Quotation.objects.create(
        article=article,
        speaker=a["erdogan"],
        speaker_text="Erdogan",
        text=QUOTE,
        text_start=start,
        text_end=start + len(QUOTE),
        quote=sentence,
        start=body.index(sentence),
        end=body.index(sentence) + len(sentence),
        said_on=date(2019, 8, 23),
        said_on_precision="day",
    )
    # Two sources, two counts of the air strike's dead: side by side, marked disputed.
    attack = w.articles["attack"]
    for source, words, value in (
        (attack, "killing three servicemen", 3),
        (article, "Five Turkish servicemen were killed", 5),
    ):
        at = source.body.index(words)
        figures_replace_for_article(
            source,
            [{"event_id": w.events["strike"].pk, "kind": "killed", "value": value,
              "qualifier": "", "quote": words, "start": at, "end": at + len(words)}],
        )  # fmt: skip
    # The Sochi memorandum implements the Astana agreement (curated, with its document); an
    # article states that the Moscow protocol amends the Sochi memorandum.
    astana = Agreement.objects.create(
        name="Astana de-escalation agreement",
        kind=AgreementKind.FRAMEWORK,
        signed_on=date(2017, 5, 4),
        signed_on_precision="day",
    )
    AgreementRelation.objects.create(
        agreement=g["sochi"],
        relation="implements",
        other=astana,
        curated=True,
        source="Sochi memorandum of 17 September 2018, preamble",
        source_url="https://example.org/sochi-memorandum",
    )
    stated = body[body.index(ADDENDUM) : body.index("midnight.") + len("midnight.")]
    agreement_relations_replace_for_article(
        article,
        [{"agreement_id": g["moscow"].pk, "relation": "amends", "other_id": g["sochi"].pk,
          "quote": stated, "start": body.index(stated), "end": body.index(stated) + len(stated)}],
        new=True,
    )  # fmt: skip
    w.events["counter"] = make_event(
        "accusation",
        date(2019, 8, 21),
        article=article,
        sentence="Damascus accused Ankara of breaking the Sochi memorandum.",
        actors=[(a["saa"], "initiator"), (a["turkey"], "target")],
        agreement=g["sochi"],
        cameo_code="112",
    )[0]
    return w


def test_an_actors_own_words_lead_to_the_quotation_and_its_citation(tab, live_server, world, shot):
    page = tab
    page.goto(live_server.url + world.actors["erdogan"].get_absolute_url())
    words = page.locator("section[aria-labelledby='words-h']")
    assert words.locator("h2").inner_text() == "In their own words"
    assert words.locator("blockquote").all_inner_texts() == [f"“{QUOTE}”"]
    assert "23 Aug 2019" in words.locator(".quotation").inner_text()
    shot(page, "11-actor-own-words")

    words.get_by_role("link", name="cite").click()
    assert page.url.endswith(reverse("quotations:quotation_detail", args=[world.quotation.pk]))
    assert page.locator("h1").inner_text() == f"“{QUOTE}”"
    assert "Recep Tayyip Erdogan" in page.locator("dl.facts").inner_text()
    cite = page.locator("section.cite-this")
    assert cite.locator("h2").inner_text() == "Cite this"
    citation = cite.locator(".citation-text").inner_text()
    assert "Erdogan vows to keep Idlib posts" in citation and "Test Wire" in citation
    span = f"{world.quotation.start}–{world.quotation.end}"
    assert span in citation or f"{world.quotation.start}-{world.quotation.end}" in citation
    assert not cite.locator("pre.csl-json").is_visible()
    cite.locator("details.csl summary").click()
    assert cite.locator("pre.csl-json").is_visible()
    csl = json.loads(cite.locator("pre.csl-json").inner_text())
    assert csl[0]["title"] == "Erdogan vows to keep Idlib posts"
    download = cite.get_by_role("link", name="Download CSL-JSON")
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.ok and json.loads(response.text())[0]["title"] == csl[0]["title"]
    shot(page, "12-quotation-cite-this")


def test_an_event_shows_each_sources_figure_side_by_side_and_the_dispute(
    tab, live_server, world, shot
):
    page = tab
    page.goto(live_server.url + world.events["strike"].get_absolute_url())
    figures = page.locator("section.figures")
    assert figures.locator(".badge-disputed").inner_text() == "sources disagree"
    assert figures.locator(".badge-disputed").is_visible()
    rows = figures.locator("tbody tr")
    assert rows.count() == 2
    cells = [rows.nth(i).locator("td").first.inner_text() for i in range(2)]
    assert sorted(cells) == ["3 killed", "5 killed"]
    # side by side: both rows in one table, each with its own source's sentence
    quotes = figures.locator("tbody td.muted").all_inner_texts()
    assert set(quotes) == {"killing three servicemen", "Five Turkish servicemen were killed"}
    shot(page, "13-event-figures-disputed")


def test_an_agreements_relations_life_and_posts(tab, live_server, world, shot):
    page = tab
    sochi, moscow = world.agreements["sochi"], world.agreements["moscow"]
    page.goto(live_server.url + moscow.get_absolute_url())
    stated = page.locator(".relations li.relation-extracted")
    assert stated.locator(".relation-type").inner_text() == "amends"
    assert "an addendum to the Sochi memorandum" in stated.locator("q").inner_text()
    stated.get_by_role("link", name=sochi.name).click()
    assert page.url.endswith(sochi.get_absolute_url())

    relations = page.locator(".relations li")
    types = relations.locator(".relation-type").all_inner_texts()
    assert sorted(types) == ["amended by", "implements"]
    curated = page.locator(".relations li.relation-curated")
    assert "curated, from" in curated.inner_text()
    source = curated.get_by_role("link", name="Sochi memorandum of 17 September 2018, preamble")
    assert source.get_attribute("href") == "https://example.org/sochi-memorandum"
    assert page.locator(".relations li.relation-extracted .relation-stated").count() == 1

    life = page.locator("ol.agreement-life > li")
    assert life.locator("time").all_inner_texts() == ["17 Sep 2018", "21 Aug 2019", "undated"]
    assert life.locator(".role").all_inner_texts() == ["signed", "violated", "violated"]
    counter = life.nth(1).locator(".violation-sides")
    assert counter.locator(".accusers").inner_text() == "Syrian Arab Army"
    assert counter.locator(".accused").inner_text() == "Turkey"
    assert "accuses" in counter.inner_text()
    undated = life.nth(2).locator(".violation-sides")
    assert undated.locator(".accusers").inner_text() == "Turkey"
    assert undated.locator(".accused").inner_text() == "someone not named"
    shot(page, "14-agreement-relations-life")

    post = page.locator("#posts-h + ul > li").first
    assert "Morek observation post" in post.inner_text()
    steps = post.locator("ol.post-life li")
    assert steps.locator("time").all_inner_texts() == ["19 Aug 2019"]
    assert steps.locator(".post-status").all_inner_texts() == ["attacked"]
    steps.get_by_role("link", name="evidence").click()
    evidence_id = world.evidence["strike"].pk
    assert page.url.endswith(f"#evidence-{evidence_id}")
    assert page.locator(f"#evidence-{evidence_id}").evaluate("el => el.matches(':target')")
    shot(page, "15-post-evidence")


def test_a_list_filtered_by_date_counts_and_links_its_undated_records(
    tab, live_server, world, shot
):
    page = tab
    page.goto(live_server.url + reverse("events:event_list") + "?date_after=2019-01-01")
    note = page.locator(".undated-note")
    assert note.inner_text() == (
        "1 matching record has no date and is not in this date window: show it."
    )
    # the five dated events of 2019 and 2020; the undated accusation is left out
    assert page.locator(".event-card").count() == 5
    note.get_by_role("link", name="show it").click()
    assert re.search(r"[?&]undated=true", page.url)
    assert page.get_by_label("Undated").input_value() == "true"
    cards = page.locator(".event-card")
    assert cards.count() == 1
    assert "undated ·" in cards.inner_text()
    assert "Ankara said the operation violated the Sochi memorandum." in cards.inner_text()
    assert page.locator(".undated-note").count() == 0
    shot(page, "16-events-undated")
