"""The home page chart: fixed colours per event type, and events known only to their year."""

from datetime import date

import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.events.vocabulary import event_types
from apps.portal.charts import monthly_stacked_chart, type_colours
from apps.portal.selectors import event_chart_counts
from tests.browse_world import build_world


def test_every_event_type_has_its_own_colour():
    colours = type_colours()
    assert set(colours) == set(event_types())
    assert len(set(colours.values())) == len(colours)


def test_a_type_keeps_its_colour_whatever_the_data():
    alone = monthly_stacked_chart([(date(2020, 3, 1), "meeting", 1)])
    crowded = monthly_stacked_chart(
        [
            (date(2020, 3, 1), "shelling", 40),
            (date(2020, 3, 1), "air_strike", 30),
            (date(2020, 2, 1), "meeting", 2),
            (date(2020, 3, 1), "statement", 9),
        ]
    )
    colour = type_colours()["meeting"]
    assert dict((s, c) for s, c, _ in alone.legend)["meeting"] == colour
    assert dict((s, c) for s, c, _ in crowded.legend)["meeting"] == colour
    assert {b.colour for b in crowded.bars if b.series == "meeting"} == {colour}


@pytest.mark.django_db
def test_month_precision_in_its_month_and_year_precision_left_out_and_counted(client):
    build_world()
    Event.objects.create(
        event_type="shelling", cameo_code="195", date=date(2020, 2, 1), date_precision="month"
    )
    for _ in range(2):
        Event.objects.create(
            event_type="shelling", cameo_code="195", date=date(2018, 1, 1), date_precision="year"
        )
    monthly, year_only = event_chart_counts()
    assert (date(2020, 2, 1), "shelling", 1) in monthly
    assert all(month != date(2018, 1, 1) for month, _, _ in monthly)
    assert year_only == [(2018, 2)]
    response = client.get(reverse("portal:home"))
    months = [m for m, _, _ in response.context["chart"].months]
    assert date(2018, 1, 1) not in months and date(2020, 2, 1) in months
    html = response.content.decode()
    assert "Not drawn: events known only to their year" in html
    assert "2018 (2 events)" in html
