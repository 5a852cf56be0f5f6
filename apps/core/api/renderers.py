"""CSV and GeoJSON exports, and a fast JSON renderer.

CSV flattens each serialized row: a nested object ``location: {name, lat, lon}`` becomes the
columns ``location_name``, ``location_lat``, ``location_lon``; a list of strings becomes one
cell joined with `` | ``; a list of objects (an event's actors) becomes one column per key,
values joined with `` | `` in the same order, so ``actors_name`` and ``actors_role`` line up.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer

JOIN = " | "


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(row: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list | tuple):
            if value and all(isinstance(item, dict) for item in value):
                keys: list[str] = []
                for item in value:
                    keys.extend(k for k in item if k not in keys)
                for key_ in keys:
                    flat[f"{name}_{key_}"] = JOIN.join(_cell(item.get(key_)) for item in value)
            else:
                flat[name] = JOIN.join(_cell(item) for item in value)
        else:
            flat[name] = _cell(value)
    return flat


def _sanitize(text: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    if text and text[0] in "=+-@\t\r" and not _looks_numeric(text):
        return "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_lines(rows: Iterable[dict], header: list[str] | None = None) -> Iterator[str]:
    """Yield a CSV document line by line. Without ``header``, the first row's columns are used."""
    buffer = io.StringIO()
    writer = None
    for row in rows:
        flat = flatten(row)
        if writer is None:
            header = header or list(flat)
            writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _sanitize(v) for k, v in flat.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if writer is None and header:
        csv.writer(buffer).writerow(header)
        yield buffer.getvalue()


def _rows(data) -> list[dict]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return [item if isinstance(item, dict) else {"value": item} for item in data]
    if isinstance(data, dict):
        return [{k: (" ".join(map(str, v)) if isinstance(v, list) else v) for k, v in data.items()}]
    return [{"detail": data}]


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        # An empty page with no columns known is one empty line: an empty body would go out
        # without a Content-Type.
        return ("".join(csv_lines(_rows(data))) or "\r\n").encode(self.charset)


def feature(row: dict) -> dict | None:
    """A GeoJSON Feature for a serialized row with ``location: {lat, lon}``; None without one."""
    location = row.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": row.get("id"),
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": row,
    }


def geojson_chunks(rows: Iterable[dict]) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for row in rows:
        item = feature(row)
        if item is None:
            continue
        yield (b"" if first else b",") + orjson.dumps(item)
        first = False
    yield b"]}"


class GeoJSONRenderer(BaseRenderer):
    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            return b"".join(geojson_chunks(data["results"]))
        if isinstance(data, dict) and "location" in data:
            item = feature(data)
            empty = {"type": "Feature", "id": data.get("id"), "geometry": None, "properties": data}
            return orjson.dumps(item or empty)
        return orjson.dumps(data)


class ORJSONRenderer(JSONRenderer):
    """JSON through orjson, which serializes API pages several times faster than json."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type or "", renderer_context or {})
        # Errors of a list's items are keyed by their index ({"actors": {0: {...}}}), as json
        # would write them: "0".
        option = orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
        return orjson.dumps(data, default=_default, option=option)


def _default(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "__str__"):
        return str(value)
    raise TypeError
