"""A database gone mid-request is a 503 with Retry-After, and the next request works again."""

import pytest
from django.db import InterfaceError, OperationalError

from apps.events.api.views import EventViewSet
from apps.events.views import EventListView

pytestmark = pytest.mark.django_db


def _broken(error):
    def get_queryset(self):
        raise error

    return get_queryset


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection unexpectedly"), InterfaceError("closed")],
)
def test_api_answers_503_then_recovers(client, monkeypatch, error):
    with monkeypatch.context() as patch:
        patch.setattr(EventViewSet, "get_queryset", _broken(error))
        response = client.get("/api/v1/events/")
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "retry" in response.json()["detail"]
    assert client.get("/api/v1/events/").status_code == 200


def test_page_answers_503_then_recovers(client, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(EventListView, "get_queryset", _broken(OperationalError("gone")))
        response = client.get("/events/")
    assert response.status_code == 503 and response["Retry-After"]
    assert b"unavailable" in response.content
    assert client.get("/events/").status_code == 200


def test_other_errors_are_not_disguised(client, monkeypatch):
    monkeypatch.setattr(EventViewSet, "get_queryset", _broken(ZeroDivisionError("bug")))
    client.raise_request_exception = False
    assert client.get("/api/v1/events/").status_code == 500
