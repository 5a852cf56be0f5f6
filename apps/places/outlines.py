"""Country outlines for the server-drawn map, read from the vendored Natural Earth GeoJSON.

The file is written by ``npm run vendor`` (see scripts/region-outlines.js) from the
world-atlas package; it covers the countries around the conflict. Readers without JavaScript
get the same outlines the browser draws.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings

OUTLINES_FILE = "vendor/world-atlas/region-50m.geojson"


@dataclass(frozen=True)
class Ring:
    country: str
    bbox: tuple[float, float, float, float]  # west, south, east, north
    points: tuple[tuple[float, float], ...]


@cache
def rings() -> tuple[Ring, ...]:
    """Every polygon ring of the vendored outlines, with its bounding box; read once."""
    for folder in settings.STATICFILES_DIRS:
        path = folder / OUTLINES_FILE
        if path.exists():
            break
    else:
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for feature in data.get("features", []):
        geometry = feature.get("geometry") or {}
        name = (feature.get("properties") or {}).get("name", "")
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                lons, lats = [p[0] for p in ring], [p[1] for p in ring]
                bbox = (min(lons), min(lats), max(lons), max(lats))
                found.append(Ring(name, bbox, tuple((p[0], p[1]) for p in ring)))
    return tuple(found)


def outline_paths(
    extent: tuple[float, float, float, float], to_xy: Callable[[float, float], tuple[float, float]]
) -> list[tuple[str, str]]:
    """``(country, SVG path data)`` for every ring that reaches into ``extent``."""
    west, south, east, north = extent
    paths = []
    for ring in rings():
        r_west, r_south, r_east, r_north = ring.bbox
        if r_east < west or r_west > east or r_north < south or r_south > north:
            continue
        parts, last = [], None
        for lon, lat in ring.points:
            x, y = to_xy(lon, lat)
            point = (round(x), round(y))
            if point != last:
                parts.append(f"{point[0]},{point[1]}")
                last = point
        if len(parts) > 2:
            paths.append((ring.country, "M" + "L".join(parts) + "Z"))
    return paths
