"""One filter contract: a list page and its API list answer the same question the same way.

Every filter of every list that has both a page and an API list is asked on both, and both must
name the same records (in the same order when ``ordering`` is given). The review status is the
one visibility rule of ``apps/core/filtersets.py``: rejected records are left out unless asked
for, on the pages, in the API and in admin alike.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.actors.filtersets import ActorFilterSet
from apps.actors.models import Actor
from apps.agreements.filtersets import AgreementFilterSet
from apps.agreements.models import Agreement
from apps.articles.filtersets import ArticleFilterSet
from apps.core.choices import ReviewStatus
from apps.events.filtersets import EventFilterSet
from apps.events.models import Event
from apps.places.filtersets import ObservationPostFilterSet
from apps.places.models import ObservationPost

pytestmark = pytest.mark.django_db

# list name: (page URL name, API path, FilterSet)
LISTS = {
    "events": ("events:event_list", "/api/v1/events/", EventFilterSet),
    "actors": ("actors:actor_list", "/api/v1/actors/", ActorFilterSet),
    "agreements": ("agreements:agreement_list", "/api/v1/agreements/", AgreementFilterSet),
    "posts": ("places:post_list", "/api/v1/observation-posts/", ObservationPostFilterSet),
    "articles": ("articles:article_list", "/api/v1/articles/", ArticleFilterSet),
}

REVIEW_CASES = [
    [],
    [("review_status", "extracted")],
    [("review_status", "verified")],
    [("review_status", "rejected")],
    [("review_status", "all")],
    [("review_status", "extracted"), ("review_status", "rejected")],
]

# list name -> questions; each question is a function of the sample knowledge base giving the
# query parameters (a list of pairs, so a parameter can repeat).
CASES = {
    "events": [
        lambda k: [("actor", k.putin.pk)],
        lambda k: [("actor", k.putin.pk), ("actor", k.saa.pk)],
        lambda k: [("actor", k.hts.pk)],
        lambda k: [("actor", k.hts.pk), ("review_status", "all")],
        lambda k: [("actor", k.putin.pk), ("date_after", "2020-01-01")],
        lambda k: [("actor", k.hts.pk), ("date_before", "2019-12-31"), ("review_status", "all")],
        lambda k: [("actor_kind", "armed_group")],
        lambda k: [("actor_kind", "armed_group"), ("review_status", "all")],
        lambda k: [("actor_kind", "state"), ("actor_kind", "armed_forces")],
        lambda k: [("agreement", k.sochi.pk)],
        lambda k: [("agreement", k.moscow.pk), ("review_status", "verified")],
        lambda k: [("observation_post", k.morek.pk)],
        lambda k: [("place", k.saraqeb.pk)],
        lambda k: [("place", k.saraqeb.pk), ("place", k.morek_place.pk)],
        lambda k: [("event_type", "air_strike"), ("event_type", "shelling")],
        lambda k: [("event_type", "shelling"), ("review_status", "rejected")],
        lambda k: [("cameo_code", "19")],
        lambda k: [("cameo_code", "19"), ("review_status", "all")],
        lambda k: [("date_after", "2020-01-01")],
        lambda k: [("date_before", "2019-12-31")],
        lambda k: [("date_before", "2019-12-31"), ("review_status", "all")],
        lambda k: [("undated", "true")],
        lambda k: [("undated", "false"), ("actor", k.putin.pk)],
        lambda k: [("undated", "true"), ("review_status", "all")],
        lambda k: [("disputed", "true")],
        lambda k: [("disputed", "false"), ("review_status", "all")],
        lambda k: [("article", k.strike.pk)],
        lambda k: [("article", k.strike.pk), ("review_status", "all")],
        lambda k: [("q", "saraqeb")],
        lambda k: [("q", "ceasefire idlib")],
        lambda k: [("ordering", "-source_count")],
        lambda k: [("ordering", "date"), ("review_status", "all")],
        lambda k: [("ordering", "-date"), ("actor", k.putin.pk)],
    ],
    "actors": [
        lambda k: [("kind", "person")],
        lambda k: [("kind", "armed_group"), ("review_status", "all")],
        lambda k: [("affiliation", "TUR")],
        lambda k: [("agreement", k.sochi.pk)],
        lambda k: [("agreement", k.adana.pk), ("review_status", "verified")],
        lambda k: [("article", k.summit.pk)],
        lambda k: [("article", k.strike.pk), ("review_status", "all")],
        lambda k: [("q", "erdogan")],
        lambda k: [("q", "hts")],
        lambda k: [("q", "hts"), ("review_status", "rejected")],
        lambda k: [("ordering", "-name")],
        lambda k: [("ordering", "name"), ("review_status", "all")],
    ],
    "agreements": [
        lambda k: [("party", k.putin.pk)],
        lambda k: [("party", k.turkey.pk), ("review_status", "all")],
        lambda k: [("kind", "memorandum")],
        lambda k: [("kind", "treaty"), ("review_status", "rejected")],
        lambda k: [("signed_after", "2019-01-01")],
        lambda k: [("signed_before", "2019-01-01")],
        lambda k: [("signed_before", "2019-01-01"), ("review_status", "all")],
        lambda k: [("undated", "true")],
        lambda k: [("undated", "false"), ("review_status", "all")],
        lambda k: [("article", k.protocol.pk)],
        lambda k: [("q", "sochi")],
        lambda k: [("ordering", "-signed_on")],
        lambda k: [("ordering", "name"), ("review_status", "all")],
    ],
    "posts": [
        lambda k: [("agreement", k.sochi.pk)],
        lambda k: [("status", "encircled")],
        lambda k: [("status", "withdrawn")],
        lambda k: [("status", "withdrawn"), ("review_status", "all")],
        lambda k: [("q", "morek")],
        lambda k: [("q", "murak")],
        lambda k: [("ordering", "-name")],
        lambda k: [("ordering", "name"), ("review_status", "all")],
    ],
    "articles": [
        lambda k: [],
        lambda k: [("actor", k.putin.pk)],
        lambda k: [("actor", k.turkey.pk), ("actor", k.erdogan.pk)],
        lambda k: [("agreement", k.sochi.pk)],
        lambda k: [("published_after", "2020-01-01")],
        lambda k: [("published_before", "2020-01-01")],
        lambda k: [("undated", "true")],
        lambda k: [("undated", "false"), ("actor", k.putin.pk)],
        lambda k: [("source", "reuters")],
        lambda k: [("q", "ceasefire")],
        lambda k: [("ordering", "title")],
        lambda k: [("ordering", "-published_on"), ("source", "Reuters")],
    ],
}
for _name in ("events", "actors", "agreements", "posts"):
    CASES[_name] += [lambda k, params=params: list(params) for params in REVIEW_CASES]
# Everything was changed after 2000 (created, in the change feed) and nothing after 2100.
MODIFIED_CASES = [
    [("modified_after", "2000-01-01T00:00:00Z")],
    [("modified_after", "2100-01-01T00:00:00+02:00")],
]
for _name in CASES:
    CASES[_name] += [lambda k, params=params: list(params) for params in MODIFIED_CASES]

QUESTIONS = [(name, n) for name, cases in CASES.items() for n in range(len(cases))]


@pytest.fixture
def kb(k):
    """The sample knowledge base with records in every review status."""
    for model, rows, status in [
        (Event, [k.ceasefire], ReviewStatus.VERIFIED),
        (Actor, [k.turkey, k.putin], ReviewStatus.VERIFIED),
        (Actor, [k.hts], ReviewStatus.REJECTED),
        (Agreement, [k.sochi], ReviewStatus.VERIFIED),
        (Agreement, [k.adana], ReviewStatus.REJECTED),
        (ObservationPost, [k.sarman], ReviewStatus.VERIFIED),
        (ObservationPost, [k.tal_tuqan], ReviewStatus.REJECTED),
    ]:
        model.objects.filter(pk__in=[row.pk for row in rows]).update(review_status=status)
    return k


def _page_ids(client, name: str, params) -> list[int]:
    response = client.get(reverse(LISTS[name][0]), params)
    assert response.status_code == 200
    context = response.context
    assert not context["filter"].errors, context["filter"].errors
    assert not context["is_paginated"]
    return [row.pk for row in context["object_list"]]


def _api_ids(api, name: str, params) -> list[int]:
    response = api.get(LISTS[name][1], params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["next"] is None
    return [row["id"] for row in data["results"]]


def _pairs(params) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for key, value in params:
        grouped.setdefault(key, []).append(value)
    return grouped


@pytest.mark.parametrize("name,case", QUESTIONS, ids=[f"{n}-{i}" for n, i in QUESTIONS])
def test_the_page_and_the_api_name_the_same_records(client, api, kb, name, case):
    params = _pairs(CASES[name][case](kb))
    on_page, in_api = _page_ids(client, name, params), _api_ids(api, name, params)
    if "ordering" in params:
        assert on_page == in_api
    else:
        assert sorted(on_page) == sorted(in_api)


@pytest.mark.parametrize("name", list(CASES))
def test_every_filter_is_asked(kb, name):
    asked = {key for case in CASES[name] for key, _ in case(kb)}
    assert asked == set(LISTS[name][2].base_filters)


def test_rejected_records_are_left_out_unless_asked_for(client, api, kb):
    assert kb.rejected.pk not in _api_ids(api, "events", {})
    assert _api_ids(api, "events", {"review_status": "rejected"}) == [kb.rejected.pk]
    every = _api_ids(api, "events", {"review_status": "all"})
    assert sorted(every) == sorted(Event.objects.values_list("pk", flat=True))
    assert _page_ids(client, "events", {"review_status": "rejected"}) == [kb.rejected.pk]
    # One record stays reachable by its id, rejected or not.
    assert api.get(f"/api/v1/events/{kb.rejected.pk}/").status_code == 200


@pytest.mark.parametrize(
    "model,name", [(Actor, "actors"), (Agreement, "agreements"), (ObservationPost, "posts")]
)
@pytest.mark.parametrize("status", [None, "extracted", "verified", "rejected", "all"])
def test_admin_follows_the_same_rule(admin_client, api, kb, model, name, status):
    params = {} if status is None else {"review_status": status}
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), params
    )
    assert response.status_code == 200
    in_admin = {row.pk for row in response.context["cl"].result_list}
    assert in_admin == set(_api_ids(api, name, params))


def test_each_request_filters_with_its_own_filterset(kb):
    """Filters are shared between requests only shallowly: a ``method=`` filter calls the
    FilterSet of its own request, even when another request's FilterSet was built since."""
    actor = (
        Actor.objects.filter(event_links__event__review_status=ReviewStatus.EXTRACTED)
        .order_by("pk")
        .first()
    )
    first = EventFilterSet({"actor": [str(actor.pk)]}, queryset=Event.objects.all())
    second = EventFilterSet({"actor_kind": ["state"]}, queryset=Event.objects.all())
    assert first.filters["actor"].parent is first
    assert first.filters["actor_kind"].filter.f is first.filters["actor_kind"]
    assert second.filters["actor_kind"].filter.f.parent is second
    assert first.filters["actor"] is not EventFilterSet.base_filters["actor"]
    assert first.is_valid() and second.is_valid()
    events = Event.objects.filter(actor_links__actor=actor).exclude(
        review_status=ReviewStatus.REJECTED
    )
    expected = set(events.values_list("pk", flat=True))
    assert expected
    assert set(first.qs.values_list("pk", flat=True)) == expected


def test_a_page_may_change_its_form_without_changing_the_next_one(kb):
    """One form class per FilterSet, but each request's form has its own fields."""
    first = EventFilterSet({}, queryset=Event.objects.all())
    second = EventFilterSet({}, queryset=Event.objects.all())
    assert type(first.form) is type(second.form)
    marker = object()
    first.form.fields["date_after"].widget = marker
    third = EventFilterSet({}, queryset=Event.objects.all())
    assert second.form.fields["date_after"].widget is not marker
    assert third.form.fields["date_after"].widget is not marker


@pytest.mark.parametrize("value", ["2020-02-30", "0000-01-01", "2020-2-05", " 2020-02-05"])
def test_a_date_that_is_not_a_day_is_refused_by_name(value):
    filterset = EventFilterSet({"date_after": value}, queryset=Event.objects.all())
    assert not filterset.is_valid()
    assert filterset.errors["date_after"] == ["expected a date as YYYY-MM-DD."]


def test_a_day_is_read_as_that_day():
    filterset = EventFilterSet({"date_after": "2020-02-29"}, queryset=Event.objects.all())
    assert filterset.is_valid()
    assert filterset.form.cleaned_data["date_after"].isoformat() == "2020-02-29"
