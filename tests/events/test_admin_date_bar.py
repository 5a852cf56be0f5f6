"""The event changelist at size: date bar from the first and last date, bounded counts."""

import datetime as dt

import pytest
from django.urls import reverse

from apps.events.admin import BoundedCountPaginator, DateSpanQuerySet
from apps.events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:events_event_changelist")


@pytest.fixture
def events():
    for day in (dt.date(2017, 11, 3), dt.date(2019, 2, 1), dt.date(2019, 4, 20)):
        EventFactory(date=day)


def test_the_date_bar_lists_every_year_from_first_to_last(admin_client, events):
    page = admin_client.get(URL).content.decode()
    for year in (2017, 2018, 2019):
        assert f"date__year={year}" in page
    assert "date__year=2016" not in page and "date__year=2020" not in page


def test_the_date_bar_lists_every_month_of_a_year_from_first_to_last(admin_client, events):
    page = admin_client.get(URL, {"date__year": 2019}).content.decode()
    for month in (2, 3, 4):
        assert f"date__month={month}" in page
    assert "date__month=1&" not in page and "date__month=5" not in page


def test_date_span_queryset_matches_django_on_days_and_empty_sets(events):
    spans = Event.objects.all()
    spans.__class__ = DateSpanQuerySet
    assert list(spans.dates("date", "year", order="DESC")) == [
        dt.date(2019, 1, 1),
        dt.date(2018, 1, 1),
        dt.date(2017, 1, 1),
    ]
    assert list(spans.dates("date", "day")) == list(Event.objects.dates("date", "day"))
    assert list(spans.filter(date__year=2030).dates("date", "month")) == []


def test_paginator_counts_exactly_under_the_cap(events):
    assert BoundedCountPaginator(Event.objects.order_by("id"), 2).count == 3
