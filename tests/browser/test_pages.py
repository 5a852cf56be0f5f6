"""The researcher's walk through the site, in a real browser."""

import re

import pytest
from django.urls import reverse

from tests.browse_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return build_world()


def test_home_to_actor_to_event_to_cited_sentence(tab, live_server, world, shot):
    page = tab
    page.goto(live_server.url + reverse("portal:home"))
    assert page.locator("h1").inner_text() == "Idlib knowledge base"
    assert page.locator(".counts").inner_text().count("events") == 1
    assert page.locator("svg.chart-svg rect").count() >= 3
    shot(page, "01-home")

    page.get_by_role("link", name="Actors", exact=True).click()
    page.get_by_role("link", name="Recep Tayyip Erdogan").click()
    assert page.locator("h1").inner_text() == "Recep Tayyip Erdogan"
    times = page.locator(".timeline time").all_inner_texts()
    assert times == ["23 Aug 2019", "5 Mar 2020", "undated"]
    roles = page.locator(".timeline .role").all_inner_texts()
    assert roles == ["target", "participant", "participant"]
    shot(page, "02-actor")

    page.locator(".timeline").get_by_role("link", name="Meeting").first.click()
    assert re.search(r"/events/\d+/$", page.url)
    shot(page, "03-event")

    page.locator(".evidence-quote a").first.click()
    evidence_id = world.evidence["summit"].pk
    assert page.url.endswith(f"#evidence-{evidence_id}")
    target = page.locator(f"#evidence-{evidence_id}")
    assert "met in Moscow" in target.inner_text()
    # The cited sentence is highlighted by :target.
    assert target.evaluate("el => el.matches(':target')")
    colour = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(255, 213, 74)"
    mention = page.locator("a.mention-actor", has_text="Vladimir Putin")
    assert mention.get_attribute("href") == world.actors["putin"].get_absolute_url()
    shot(page, "04-article-cited")


def test_filter_events_by_date(tab, live_server, world, shot):
    page = tab
    page.goto(live_server.url + reverse("events:event_list"))
    assert page.locator(".event-card").count() == 5
    page.get_by_label("On or after").fill("2019-01-01")
    page.get_by_label("On or before").fill("2019-12-31")
    page.get_by_role("button", name="Apply filters").click()
    assert "date_after=2019-01-01" in page.url
    dates = page.locator(".event-card time").all_inner_texts()
    assert dates == ["23 Aug 2019", "19 Aug 2019"]
    shot(page, "05-events-2019")

    page.goto(live_server.url + reverse("events:event_list") + "?date_after=2019-13-45")
    assert page.locator(".field-error .error").first.inner_text() != ""
    assert page.locator(".event-card").count() == 0


def test_search_for_m4(tab, live_server, world, shot):
    page = tab
    page.goto(live_server.url + reverse("portal:home"))
    page.get_by_label("Search articles, actors, agreements, places and events").fill("M4")
    page.get_by_label("Search articles, actors, agreements, places and events").press("Enter")
    assert page.locator("#results-events .event-card").count() == 1
    assert "M4 highway" in page.locator("#results-events").inner_text()
    assert (
        page.locator("#results-agreements")
        .get_by_role("link", name="Moscow additional protocol")
        .is_visible()
    )
    shot(page, "06-search-m4")


def test_map_draws_outlines_and_posts(tab, live_server, world, shot):
    page = tab
    page.goto(live_server.url + reverse("places:map"))
    page.wait_for_selector("#map-svg[data-outlines='drawn']")
    assert page.locator("#map-svg path.map-land").count() > 100
    post = page.locator("#map-svg a", has_text="Morek observation post")
    assert post.count() == 1
    # Morek is drawn; the Moscow summit is far from the front line and only listed.
    assert page.locator("#map-svg circle.map-place").count() == 1
    moscow = page.locator(f"#place-{world.places['moscow'].pk}")
    assert "outside the map area" in moscow.inner_text()
    shot(page, "07-map")


def test_map_without_javascript_shows_svg_and_table(chromium, live_server, world, shot):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("places:map"))
    # The server draws the outlines too; the script that would redraw them did not run.
    assert page.locator("#map-svg path.map-outline").count() >= 3
    assert page.locator("#map-svg[data-outlines='drawn']").count() == 0
    assert page.locator("#map-svg path.map-post").count() == 1
    row = page.locator(f"#post-{world.posts['morek'].pk}")
    assert "35.3700" in row.inner_text() and "36.6800" in row.inner_text()
    shot(page, "08-map-no-js")
    context.close()


def test_agreement_page_and_keyboard_focus(tab, live_server, world, shot):
    page = tab
    page.goto(
        live_server.url
        + reverse("agreements:agreement_detail", args=[world.agreements["sochi"].pk])
    )
    assert "Morek observation post" in page.locator("#posts-h + ul").inner_text()
    assert page.locator(".timeline .event-card").count() == 1
    # The first Tab reaches the skip link, which is then visible and outlined.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    shot(page, "09-agreement")


def test_small_screen_layout(chromium, live_server, world, shot):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + reverse("actors:actor_detail", args=[world.actors["erdogan"].pk]))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(page, "10-actor-phone")
    context.close()
