"""``GET /api/v1/changes/?since=<cursor>&limit=<n>``: the change feed (``apps.core.changes``).

Public like every other read. ``since`` is a ``next_cursor`` a previous answer gave (left out:
from the beginning); ``limit`` how many entries at most (100 by default, at most 1000). A
parameter the endpoint does not know, a cursor it did not give or a limit that is not a whole
number in range answers 400 naming the parameter.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from apps.core.changes import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    CursorError,
    change_position,
    changes_after,
    cursor_decode,
    cursor_encode,
    feed_epoch,
    feeds,
)
from apps.core.models import ChangeAction

from .renderers import ORJSONRenderer
from .schema import APISchema
from .serializers import api_url
from .views import StrictQueryMixin

ACCEPTED = ("since", "limit", "format")


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume after this entry with `?since=`.")
    model = serializers.CharField(
        help_text="The record's type: article, actor, agreement, place, observation-post, "
        "event, quotation."
    )
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    merged_into = serializers.IntegerField(
        allow_null=True, help_text="For `merged`: the id of the record it became part of."
    )
    at = serializers.DateTimeField(help_text="When the change was written (UTC).")
    url = serializers.CharField(help_text="The record's detail endpoint.")


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(
        help_text="Pass as `since` to read what follows (the same cursor when nothing did)."
    )
    has_more = serializers.BooleanField(help_text="More entries follow right now.")


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    text = raw.strip()
    if not (text.isascii() and text.isdigit() and len(text) < 7) or not (
        1 <= int(text) <= MAX_LIMIT
    ):
        raise ValidationError({"limit": [f"expected a whole number from 1 to {MAX_LIMIT}."]})
    return int(text)


class ChangeSchema(APISchema):
    """One object per answer (a page of the feed, not an array), and the feed's parameters."""

    def _is_list_view(self, serializer=None) -> bool:
        return False

    def get_override_parameters(self):
        return [
            OpenApiParameter(
                "since",
                str,
                description="A `next_cursor` from an earlier answer; left out, the feed starts "
                "from its beginning.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"At most this many entries (1 to {MAX_LIMIT}, {DEFAULT_LIMIT} by "
                "default).",
            ),
        ]


class ChangeViewSet(StrictQueryMixin, viewsets.GenericViewSet):
    """Every change to the public records, oldest first, to keep a copy in sync."""

    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer]
    http_method_names = ["get", "head", "options"]
    permission_classes = [permissions.AllowAny]  # reads only, public like every other read
    schema = ChangeSchema()
    serializer_class = ChangePageSerializer
    pagination_class = None  # the feed pages by cursor itself
    filter_backends: list = []

    def accepted_parameters(self) -> set[str]:
        return set(ACCEPTED)

    def list(self, request):
        limit = _limit(request.query_params.get("limit"))
        since = request.query_params.get("since")
        after, epoch = 0, feed_epoch()
        if since is not None:
            try:
                after = cursor_decode(since, epoch)
            except CursorError as err:
                raise ValidationError({"since": [str(err)]}) from None
        rows, more = changes_after(after, limit=limit)
        routes = {feed.name: feed.route for feed in feeds()}
        results = [
            {
                "cursor": cursor_encode(change_position(row), epoch),
                "model": row.record_type,
                "id": row.record_id,
                "action": row.action,
                "merged_into": row.merged_into,
                "at": row.at,
                "url": api_url(request, reverse(routes[row.record_type], args=[row.record_id])),
            }
            for row in rows
            if row.record_type in routes
        ]
        next_cursor = cursor_encode(change_position(rows[-1]) if rows else after, epoch)
        data = {"results": results, "next_cursor": next_cursor, "has_more": more}
        return Response(ChangePageSerializer(data).data)
