"""Dates on the pages at the precision they are known: "Mar 2020", "2019", "week of 24 Feb
2020", never "1 Mar 2020" for a month."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browse_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    summit = w.events["summit"]
    summit.date, summit.date_precision = date(2020, 3, 1), "month"
    summit.end_date = date(2020, 4, 1)
    summit.save()
    strike = w.events["strike"]
    strike.date, strike.date_precision = date(2019, 1, 1), "year"
    strike.save()
    article = w.articles["summit"]
    article.published_on, article.published_on_precision = date(2020, 2, 24), "week"
    article.save()
    return w


def test_event_page_dates_at_their_precision(client, world):
    html = client.get(world.events["summit"].get_absolute_url()).content.decode()
    assert "Mar 2020" in html and "Apr 2020" in html
    assert "1 Mar 2020" not in html and "1 Apr 2020" not in html
    # The article the evidence comes from, known to its week.
    assert "week of 24 Feb 2020" in html
    html = client.get(world.events["strike"].get_absolute_url()).content.decode()
    assert "2019" in html and "1 Jan 2019" not in html


def test_event_list_cards_dates_at_their_precision(client, world):
    html = client.get(reverse("events:event_list")).content.decode()
    assert "week of 24 Feb 2020" in html
    assert "1 Mar 2020" not in html and "1 Jan 2019" not in html and "24 Feb 2020," not in html


def test_no_template_prints_a_date_as_a_day_without_its_precision():
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if '|date:"j M Y"' in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
