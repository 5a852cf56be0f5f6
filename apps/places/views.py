import math
from urllib.parse import urlencode

from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from apps.core.pages import page_context
from apps.core.views import BrowseListView

from .filtersets import ObservationPostFilterSet
from .outlines import outline_paths
from .selectors import (
    place_with_events,
    post_list,
    post_located,
    post_profile,
)

MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 720, 560, 0.15
LABELLED_PLACES = 6  # the busiest places get a name on the map; the rest have a tooltip
LABEL_WIDTH, LABEL_HEIGHT = 70, 14  # pixels a name needs around its point
FOCUS_MARGIN = 2.5  # degrees around the posts within which event places widen the map


class PostListView(BrowseListView):
    filterset_class = ObservationPostFilterSet
    template_name = "places/post_list.html"
    api_list = "api:observation-post-list"
    export_formats = ("csv", "geojson")

    def get_queryset(self):
        return post_list()


class PostDetailView(DetailView):
    template_name = "places/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return post_profile()

    def get_context_data(self, **kwargs):
        post = self.object
        # its events and the articles that name it
        return super().get_context_data(**page_context(post), **kwargs)


def map_extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The (west, south, east, north) box around ``points``, padded, at least three degrees across."""
    if not points:  # north-west Syria
        return 35.5, 35.0, 37.5, 36.8
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * MAP_PAD, 1.6)
    pad_y = max((north - south) * MAP_PAD, 1.5)
    return west - pad_x, south - pad_y, east + pad_x, north + pad_y


def map_focus(
    anchors: list[tuple[float, float]], others: list[tuple[float, float]]
) -> tuple[float, float, float, float]:
    """The area the map shows: around the observation posts (``anchors``) and the event places
    near them. Far-away places (a summit in Moscow) would shrink the front line to a dot, so
    they are left to the tables."""
    if not anchors and others:
        lon = sorted(p[0] for p in others)[len(others) // 2]
        lat = sorted(p[1] for p in others)[len(others) // 2]
        anchors = [(lon, lat)]
    if not anchors:
        return map_extent([])
    west, south, east, north = map_extent(anchors)
    near = [
        p
        for p in others
        if west - FOCUS_MARGIN <= p[0] <= east + FOCUS_MARGIN
        and south - FOCUS_MARGIN <= p[1] <= north + FOCUS_MARGIN
    ]
    return map_extent([*anchors, *near])


def _inside(extent, lon: float, lat: float) -> bool:
    west, south, east, north = extent
    return west <= lon <= east and south <= lat <= north


def project(extent, width: int = MAP_WIDTH, height: int = MAP_HEIGHT):
    """An equirectangular projection of ``extent`` onto a width x height box, aspect kept."""
    west, south, east, north = extent
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = min(width / ((east - west) * squeeze), height / (north - south))
    off_x = (width - (east - west) * squeeze * scale) / 2
    off_y = (height - (north - south) * scale) / 2

    def to_xy(lon: float, lat: float) -> tuple[float, float]:
        return (
            round(off_x + (lon - west) * squeeze * scale, 1),
            round(off_y + (north - lat) * scale, 1),
        )

    return to_xy


def _label_places(points, *, taken: list[tuple[float, float]]) -> set[int]:
    """The busiest places whose name fits without running into a post or another name."""
    labelled: set[int] = set()
    taken = list(taken)
    for place, x, y in points:
        if len(labelled) == LABELLED_PLACES:
            break
        if all(abs(x - tx) > LABEL_WIDTH or abs(y - ty) > LABEL_HEIGHT for tx, ty in taken):
            labelled.add(place.pk)
            taken.append((x, y))
    return labelled


class MapView(TemplateView):
    """Observation posts and located events on an SVG map drawn on the server (outlines,
    posts, places), redrawn in the browser with a Mercator projection when JavaScript runs."""

    template_name = "places/map.html"

    def get_context_data(self, **kwargs):
        posts = list(post_located())
        places = list(place_with_events())
        extent = map_focus(
            [(p.place.lon, p.place.lat) for p in posts], [(p.lon, p.lat) for p in places]
        )
        to_xy = project(extent)
        post_points = [(post, *to_xy(post.place.lon, post.place.lat)) for post in posts]
        place_points = [(place, *to_xy(place.lon, place.lat)) for place in places]
        outside = {place.pk for place in places if not _inside(extent, place.lon, place.lat)}
        labelled = _label_places(
            [(place, x, y) for place, x, y in place_points if place.pk not in outside],
            taken=[(x, y) for _, x, y in post_points],
        )
        biggest = max((p.event_count for p in places), default=1)
        data = {
            "extent": extent,
            "outlines": static("vendor/world-atlas/countries-50m.json"),
            "posts": [
                {
                    "name": post.name,
                    "url": post.get_absolute_url(),
                    "lon": post.place.lon,
                    "lat": post.place.lat,
                    "status": post.get_status_display(),
                    "status_key": post.status,
                }
                for post in posts
            ],
            "places": [
                {
                    "name": place.name,
                    "url": f"{reverse('portal:search')}?{urlencode({'q': place.name})}",
                    "lon": place.lon,
                    "lat": place.lat,
                    "events": place.event_count,
                    "label": place.pk in labelled,
                }
                for place in places
                if place.pk not in outside
            ],
        }
        return super().get_context_data(
            posts=post_points,
            places=[
                (place, x, y, round(3 + 9 * math.sqrt(place.event_count / biggest), 1))
                for place, x, y in place_points
            ],
            outside=outside,
            labelled=labelled,
            outlines=outline_paths(extent, to_xy),
            map_width=MAP_WIDTH,
            map_height=MAP_HEIGHT,
            map_data=data,
            **kwargs,
        )
