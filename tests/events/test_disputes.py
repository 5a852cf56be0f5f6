"""Sources that disagree: each source's figure kept beside its name and date, the event
marked disputed when the figures are incompatible, in the API, the filter and the page."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.events.disputes import bounds, disputed
from apps.events.models import Event, EventFigure
from apps.ingestion.services import ingest_path

REPORTS = {
    "afp.txt": (
        "Air strike kills Turkish troops in Idlib\n\n"
        "ANKARA, Feb 28, 2020 (AFP) - 34 Turkish soldiers were killed in a Syrian government "
        "air strike in Idlib on Thursday, the Turkish defence ministry said.\n"
    ),
    "wire.txt": (
        "Turkey says 33 soldiers killed in Idlib\n\n"
        "ISTANBUL, Feb 28, 2020 (Reuters) - 33 Turkish soldiers were killed in a Syrian "
        "government air strike in Idlib on Thursday, a Turkish official said.\n"
    ),
    "other.txt": (
        "Toll rises in Idlib\n\n"
        "BEIRUT, Feb 28, 2020 (AP) - At least 33 Turkish soldiers were killed in a Syrian "
        "government air strike in Idlib on Thursday, the governor of Hatay said.\n"
    ),
}


def test_incompatible_counts_disagree_and_compatible_ones_do_not():
    assert disputed([(1, "killed", 33, ""), (2, "killed", 34, "")])
    assert not disputed([(1, "killed", 33, "at least"), (2, "killed", 34, "")])
    assert disputed([(1, "killed", 35, "more than"), (2, "killed", 34, "")])
    assert not disputed([(1, "killed", 30, "about"), (2, "killed", 32, "")])
    assert not disputed([(1, "killed", 33, ""), (1, "killed", 34, "")])  # one source
    assert not disputed([(1, "killed", 33, ""), (2, "wounded", 34, "")])  # other kinds
    assert bounds(10, "up to") == (0, 10)


@pytest.mark.django_db
def test_each_sources_figure_stands_beside_its_source_and_the_event_is_disputed(tmp_path, client):
    for name in ("wire.txt", "other.txt"):
        (tmp_path / name).write_text(REPORTS[name], encoding="utf-8")
        ingest_path(tmp_path / name)
    strike = Event.objects.get(event_type="air_strike")
    assert strike.source_count == 2 and not strike.disputed  # 33 and at least 33 agree
    (tmp_path / "afp.txt").write_text(REPORTS["afp.txt"], encoding="utf-8")
    ingest_path(tmp_path / "afp.txt")
    strike.refresh_from_db()
    assert strike.disputed  # 34 against 33
    assert sorted(EventFigure.objects.filter(event=strike).values_list("value", "qualifier")) == [
        (33, ""),
        (33, "at least"),
        (34, ""),
    ]
    cache.clear()
    api = APIClient()
    detail = api.get(f"/api/v1/events/{strike.pk}/").json()
    assert detail["disputed"] is True
    assert {f["value"] for f in detail["figures"]} == {33, 34}
    assert len({f["article"]["id"] for f in detail["figures"]}) == 3
    assert all(
        set(f) == {"kind", "value", "qualifier", "article", "quote"} for f in detail["figures"]
    )
    assert all(
        set(f["article"]) == {"id", "title", "source", "published_on"} for f in detail["figures"]
    )
    listed = api.get("/api/v1/events/", {"disputed": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [strike.pk]
    assert strike.pk not in {
        r["id"] for r in api.get("/api/v1/events/", {"disputed": "false"}).json()["results"]
    }
    assert api.get("/api/v1/events/", {"disputed": "perhaps"}).status_code == 400
    page = client.get(strike.get_absolute_url()).content.decode()
    assert "sources disagree" in page and "at least 33 killed" in page and "34 killed" in page


@pytest.mark.django_db
def test_a_wire_story_reprinted_counts_once_among_independent_sources(tmp_path):
    for name in ("wire.txt", "other.txt"):
        (tmp_path / name).write_text(REPORTS[name], encoding="utf-8")
        ingest_path(tmp_path / name)
    reprint = REPORTS["wire.txt"].replace("Turkey says 33", "Paper: Turkey says 33")
    (tmp_path / "reprint.txt").write_text(reprint.replace("killed in a", "killed in a single"),
                                          encoding="utf-8")  # fmt: skip
    ingest_path(tmp_path / "reprint.txt")
    cache.clear()
    strike = Event.objects.get(event_type="air_strike")
    row = APIClient().get(f"/api/v1/events/{strike.pk}/").json()
    listed = next(
        r
        for r in APIClient().get("/api/v1/events/", {"page_size": 100}).json()["results"]
        if r["id"] == strike.pk
    )
    assert row["source_count"] == 3
    assert row["independent_sources"] == listed["independent_sources"] == 2  # Reuters twice, AP


def test_dates_disagree_beyond_their_precision_and_a_days_slack():
    from datetime import date

    from apps.events.disputes import blame_disagrees, dates_disagree, event_disputes, side_of

    feb27, feb28, mar1 = date(2020, 2, 27), date(2020, 2, 28), date(2020, 3, 1)
    assert not dates_disagree([(1, feb27, "day"), (2, feb28, "day")])  # overnight
    assert dates_disagree([(1, feb27, "day"), (2, mar1, "day")])
    assert not dates_disagree([(1, feb27, "day"), (2, date(2020, 2, 1), "month")])
    assert dates_disagree([(1, date(2020, 2, 17), "week"), (2, feb27, "day")])
    assert not dates_disagree([(1, feb27, "day"), (1, mar1, "day")])  # one source
    assert not dates_disagree([(1, feb27, "day"), (2, None, "")])  # undated says nothing
    # a state and its armed forces are one side; Syria and Russia are not
    syria, saa, russia = (
        side_of(1, "state", "SYR"),
        side_of(2, "armed_forces", "SYR"),
        side_of(3, "state", "RUS"),
    )
    assert syria == saa and side_of(4, "armed_group", "SYR") == "actor:4"
    assert not blame_disagrees([(1, syria), (2, saa)])
    assert blame_disagrees([(1, syria), (2, russia)])
    assert not blame_disagrees([(1, syria), (2, None)])
    assert event_disputes(
        [(1, "killed", 33, ""), (2, "killed", 34, "")],
        [(1, feb27, "day"), (2, mar1, "day")],
        [(1, syria), (2, russia)],
    ) == ["killed", "date", "blame"]


BLAME = {
    "syrian.txt": (
        "Air strike kills Turkish troops in Idlib\n\n"
        "ANKARA, Feb 28, 2020 (AFP) - 33 Turkish soldiers were killed in an air strike "
        "carried out by Syrian government forces in Idlib on Thursday, the Turkish defence "
        "ministry said.\n"
    ),
    "russian.txt": (
        "Russian jets blamed for Idlib strike\n\n"
        "BEIRUT, Feb 28, 2020 (AP) - 33 Turkish soldiers were killed in an air strike carried "
        "out by Russian jets in Idlib on Thursday, a war monitor said.\n"
    ),
}


@pytest.mark.django_db
def test_sources_that_blame_different_sides_dispute_the_event(tmp_path):
    for name, text in BLAME.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        ingest_path(tmp_path / name)
    strike = Event.objects.get(event_type="air_strike")
    assert strike.source_count == 2
    assert strike.disputed  # same toll, different doers
    cache.clear()
    detail = APIClient().get(f"/api/v1/events/{strike.pk}/").json()
    assert detail["disputes"] == ["blame"]
    by_source = {a["article"]["source"]: a for a in detail["accounts"]}
    assert by_source["AFP"]["blamed"]["name"] == "Syrian Arab Army"
    assert by_source["Associated Press"]["blamed"]["name"] == "Russian Armed Forces"
    assert {a["date"] for a in detail["accounts"]} == {"2020-02-27"}
    assert all(a["quote"] and a["end"] > a["start"] for a in detail["accounts"])


@pytest.mark.django_db
def test_the_event_page_sets_each_sources_date_and_doer_side_by_side(tmp_path, client):
    for name, text in BLAME.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        ingest_path(tmp_path / name)
    strike = Event.objects.get(event_type="air_strike")
    page = client.get(strike.get_absolute_url()).content.decode()
    section = page[
        page.index('id="accounts-h"') : page.index("</section>", page.index('id="accounts-h"'))
    ]
    assert "sources blame different sides" in section
    assert "Syrian Arab Army" in section and "Russian Armed Forces" in section
    assert "Associated Press" in section and "AFP" in section
    assert "sources disagree on the date" not in section


@pytest.mark.django_db
def test_sources_without_figures_dispute_the_doer_too(tmp_path):
    for name, text in BLAME.items():
        (tmp_path / name).write_text(
            text.replace("33 Turkish soldiers were", "Turkish soldiers were"), encoding="utf-8"
        )
        ingest_path(tmp_path / name)
    strike = Event.objects.get(event_type="air_strike")
    assert not EventFigure.objects.exists()
    assert strike.source_count == 2 and strike.disputed
