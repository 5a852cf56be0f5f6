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
