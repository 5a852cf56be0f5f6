"""Clients and users for the API tests."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


def token_client(*permissions: str) -> tuple[APIClient, object]:
    """An API client authenticated by token as a user holding ``permissions``."""
    user = UserFactory(permissions=list(permissions))
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client, user


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
