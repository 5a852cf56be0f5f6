import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from tests.api.helpers import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_anonymous_rate(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_are_throttled(tight_anonymous_rate):
    api = APIClient()
    statuses = [api.get("/api/v1/events/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_clients_with_a_token_are_not_throttled(tight_anonymous_rate):
    client, _ = token_client()
    assert {client.get("/api/v1/events/").status_code for _ in range(5)} == {200}


def test_a_refused_client_is_told_when_its_window_ends(tight_anonymous_rate, monkeypatch):
    from apps.core.api.throttles import AnonWindowThrottle

    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: 6_000_045.0)  # 45 s into a minute
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/v1/events/").status_code == 200
    refused = api.get("/api/v1/events/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "15"
    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: 6_000_061.0)  # the next minute
    assert api.get("/api/v1/events/").status_code == 200


def test_a_clients_count_is_one_number_whatever_the_rate(monkeypatch):
    """DRF's own throttle keeps every request's time in the cache; this one keeps a count."""
    from apps.core.api.throttles import AnonWindowThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000/minute"})
    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: 6_000_010.0)
    cache.clear()
    api = APIClient()
    for _ in range(5):
        assert api.get("/api/v1/events/").status_code == 200
    throttle = AnonWindowThrottle()
    window = 6_000_010 // 60
    key = throttle.cache_format % {"scope": "anon", "ident": "127.0.0.1"}
    assert throttle.cache.get(f"{key}:{window}") == 5
    cache.clear()
