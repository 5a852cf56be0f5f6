"""The viewset every knowledge model's API builds on.

* Lists are paginated JSON, or a streamed CSV / GeoJSON export of every matching row
  (``?format=csv``), with the same filters.
* Which records a list shows is the FilterSet's rule (``apps/core/filtersets.py``): rejected
  ones are left out unless ``review_status`` asks for them. A record stays reachable by its id:
  list filters do not apply to one record.
* PATCH is an editor's correction, as JSON: it goes through ``apps.core.services`` exactly like an
  admin edit, so re-extraction leaves it alone and history records who made it.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connections
from django.http import Http404, StreamingHttpResponse
from django_filters import utils as filter_utils
from drf_spectacular.drainage import get_override
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from apps.core.compiled import ListStatements, shape_of
from apps.core.services import record_editor_update, records_set_review_status

from .cache import CachedReadMixin
from .filters import MAX_ID, FilterBackend
from .pagination import QuerysetRows, StatementRows, max_export_rows
from .renderers import CSVRenderer, ORJSONRenderer, csv_lines, geojson_chunks
from .serializers import json_type_errors

EXPORT_CHUNK = 500


def csv_header(serializer: serializers.Serializer) -> list[str]:
    """The CSV columns of a serializer's rows, nested objects and lists flattened."""
    columns: list[str] = []
    for name, field in serializer.fields.items():
        nested = field.child if isinstance(field, serializers.ListSerializer) else field
        if isinstance(field, serializers.SerializerMethodField):
            method = getattr(serializer, field.method_name or f"get_{name}", None)
            annotated = get_override(method, "field") if method else None
            if isinstance(annotated, type) and issubclass(annotated, serializers.Serializer):
                nested = annotated()
            elif isinstance(annotated, serializers.ListSerializer):
                nested = annotated.child  # a list of objects: one column per key
            elif isinstance(annotated, serializers.Serializer):
                nested = annotated
        if isinstance(nested, serializers.Serializer):
            columns.extend(f"{name}_{sub}" for sub in nested.fields)
        else:
            columns.append(name)
    return columns


class StrictQueryMixin:
    """A read's query parameters and format are refused by name when the endpoint does not
    know them (400, the parameter as the key, the accepted ones listed; an unknown format is
    a 404 naming the formats there are), not ignored: ``?actors=4`` for ``?actor=4`` would
    otherwise answer every record as if it had been filtered."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            unknown = sorted(set(request.query_params) - self.accepted_parameters())
            if unknown:
                accepted = ", ".join(sorted(self.accepted_parameters()))
                raise ValidationError(
                    {name: [f"unknown parameter; accepted: {accepted}."] for name in unknown}
                )

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):
            asked = request.query_params.get("format", "")
            formats = ", ".join(r.format for r in self.get_renderers())
            raise NotFound(f"unknown format {asked!r}; this endpoint serves: {formats}.") from None

    def accepted_parameters(self) -> set[str]:
        return {"format"}


class ExportListMixin(StrictQueryMixin, mixins.ListModelMixin):
    """A paginated list, or with ``?format=csv``/``geojson`` every matching row, streamed;
    its parameters are its filters', its pagination's and ``format`` (``StrictQueryMixin``)."""

    export_name = "export"

    def accepted_parameters(self) -> set[str]:
        """The query parameters this request's action reads: its filters, the pagination's,
        and ``format``."""
        names = {"format"}
        if self.action == "list" and getattr(self, "filterset_class", None) is not None:
            names |= set(self.filterset_class.base_filters)
        paginator = self.paginator
        if paginator is not None and self.action not in ("retrieve",):
            names |= {paginator.page_query_param, getattr(paginator, "page_size_query_param", "")}
        return names - {""}

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", "")
        if fmt in ("csv", "geojson"):
            if self.paginator is not None:
                # An export holds every row, whatever the page; a malformed page is still a 400.
                self.paginator.get_page_size(request)
                self.paginator.get_page_number(request)
            return self.export(fmt)
        return super().list(request, *args, **kwargs)

    def export_queryset(self, fmt: str):
        return self.filter_queryset(self.get_queryset())

    def attach_related(self, objects: list) -> None:
        """Load what a batch of rows shows besides its own columns (a few queries per batch)."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.attach_related(page)
        return page

    def export_objects(self, queryset):
        """Every row, in batches: a fixed number of queries per batch, whatever the total."""
        ordering = [*(queryset.query.order_by or queryset.model._meta.ordering), "pk"]
        queryset = queryset.order_by(*ordering)
        limit = max_export_rows()
        for start in range(0, limit, EXPORT_CHUNK):
            batch = list(queryset[start : min(start + EXPORT_CHUNK, limit)])
            self.attach_related(batch)
            yield from batch
            if len(batch) < EXPORT_CHUNK:
                return

    def export(self, fmt: str) -> StreamingHttpResponse:
        queryset = self.export_queryset(fmt)
        serializer_class = self.get_serializer_class()
        context = self.get_serializer_context()
        rows = (
            serializer_class(obj, context=context).data for obj in self.export_objects(queryset)
        )
        if fmt == "csv":
            body = csv_lines(rows, csv_header(serializer_class(context=context)))
            content_type = "text/csv; charset=utf-8"
        else:
            body = geojson_chunks(rows)
            content_type = "application/geo+json"
        response = StreamingHttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}.{fmt}"'
        return response


def unknown_fields_refuse(serializer: serializers.Serializer, data) -> None:
    """A 400 naming each field of a correction the record does not let a client set, instead
    of a 200 that silently ignores it (``{"actor": …}`` for ``actors``, a read-only field)."""
    if not isinstance(data, Mapping):
        return  # not an object: the serializer says so
    writable = sorted(name for name, field in serializer.fields.items() if not field.read_only)
    unknown = sorted(set(data) - set(writable) - {"csrfmiddlewaretoken"})
    if unknown:
        accepted = ", ".join(writable)
        raise ValidationError(
            {name: [f"not a field a correction can set; writable: {accepted}."] for name in unknown}
        )


class RecordLookupMixin:
    """The id in a record's URL is a whole number from 1 to ``MAX_ID``; any other names no
    record, a 404 on every database (rather than an overflow on one and a miss on another)."""

    def get_object(self):
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not (raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID):
            raise NotFound(f"no record has the id {raw[:40]!r}.")
        return super().get_object()


class KnowledgeViewSet(
    RecordLookupMixin,
    CachedReadMixin,
    ExportListMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "patch", "head", "options"]
    renderer_classes = [ORJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    # A correction is JSON: a form body cannot say null, nor tell an empty text from none.
    parser_classes = [JSONParser]
    update_serializer_class: type[serializers.Serializer] | None = None

    def get_serializer_class(self):
        if self.action in ("partial_update", "update") and self.update_serializer_class:
            return self.update_serializer_class
        return self.serializer_class

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset  # one record by its id, rejected or not
        return super().filter_queryset(queryset)

    def list_rows(self, rows, statements: ListStatements):
        """What this list request's page reads: the rows ``rows(filtered queryset)`` gives.

        On PostgreSQL, from ``statements``: SQL compiled once per shape of the filters and
        bound to this request's values (``apps.core.compiled``), so the filters are only
        validated, not rebuilt and compiled again. A shape's first request, and shapes the
        templates cannot stand for, take the queryset. The filters are validated exactly as
        ``filter_queryset`` validates them, with the same errors."""
        queryset = self.get_queryset()
        filterset = FilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        db = queryset.db
        shape = None
        if connections[db].vendor == "postgresql":
            shape = shape_of(filterset.form.cleaned_data)
        if shape is not None:
            found = statements.get(db, shape)
            if found is not None:
                return StatementRows(db, found, shape.values)
        real = filterset.qs
        if shape is not None and not statements.seen(db, shape):
            found = statements.learn(shape, real, filterset.queryset_with(shape.marked))
            if found is not None:
                return StatementRows(db, found, shape.values)
        return QuerysetRows(rows(real))

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=True)
        unknown_fields_refuse(serializer, request.data)
        wrong_types = json_type_errors(serializer, request.data)
        if wrong_types:
            raise ValidationError(wrong_types)
        serializer.is_valid(raise_exception=True)
        self.perform_editor_update(instance, dict(serializer.validated_data))
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(
            self.serializer_class(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK,
        )

    def perform_editor_update(self, instance, changes: dict) -> None:
        user = self.request.user
        review_status = changes.get("review_status")
        if review_status is not None and len(changes) == 1:
            records_set_review_status([instance], status=review_status, user=user)
            return
        if changes:
            record_editor_update(instance, changes=changes, user=user)
