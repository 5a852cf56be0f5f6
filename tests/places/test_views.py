import pytest
from django.urls import reverse

from apps.places.models import ObservationPost, Place, PlaceKind, PostStatus
from apps.places.views import map_focus, project
from tests.browse_world import add_filler_events, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_post_list_and_filters(client, world):
    ObservationPost.objects.create(name="Sher Mughar post", status=PostStatus.WITHDRAWN)
    url = reverse("places:post_list")
    response = client.get(url)
    assert response.status_code == 200
    assert [p.name for p in response.context["object_list"]] == [
        "Morek observation post",
        "Sher Mughar post",
    ]
    assert "35.3700, 36.6800" in response.content.decode()
    assert [p.name for p in client.get(url, {"status": "withdrawn"}).context["object_list"]] == [
        "Sher Mughar post"
    ]
    bad = client.get(url, {"status": "lost", "agreement": "x"})
    assert bad.status_code == 200
    assert set(bad.context["filter"].errors) == {"status", "agreement"}


def test_post_page(client, world):
    post = world.posts["morek"]
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Encircled" in html and "Sochi memorandum" in html
    assert [e.pk for e in response.context["events"]] == [
        world.events["strike"].pk,
        world.events["encircled"].pk,
    ]
    assert list(response.context["articles"]) == [world.articles["summit"]]
    assert client.get(reverse("places:post_detail", args=[999])).status_code == 404


def test_map_page_has_svg_fallback_table_and_data(client, world):
    response = client.get(reverse("places:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg id="map-svg"' in html
    outlines = dict(response.context["outlines"])
    assert {"Syria", "Turkey"} <= set(outlines)
    assert "Russia" not in outlines  # far from the posts: not drawn
    assert len(html) < 400_000
    assert 'class="map-post map-post-encircled"' in html
    assert f'id="post-{world.posts["morek"].pk}"' in html
    assert "35.3700" in html and "36.6800" in html
    assert 'id="map-data" type="application/json"' in html
    data = response.context["map_data"]
    assert [p["name"] for p in data["posts"]] == ["Morek observation post"]
    assert [p["name"] for p in data["places"]] == ["Morek"]  # Moscow is far from the posts
    assert response.context["outside"] == {world.places["moscow"].pk}
    for path in (
        "vendor/d3-geo/d3-geo.min.js",
        "vendor/topojson-client/topojson-client.min.js",
        "js/map.js",
    ):
        assert f"/static/{path}" in html
    assert "http://" not in html.split("<main")[1].split("</main>")[0].replace(
        "http://www.w3.org", ""
    )


def test_map_with_nothing_located(client):
    Place.objects.create(name="Nowhere", kind=PlaceKind.TOWN)
    response = client.get(reverse("places:map"))
    assert response.status_code == 200
    assert "No observation post has coordinates yet." in response.content.decode()


def test_map_names_are_escaped_in_svg_and_json(client, world):
    post = world.posts["morek"]
    post.name = "</script><script>alert(1)</script>"
    post.save()
    html = client.get(reverse("places:map")).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_projection_keeps_points_inside_the_box():
    extent = map_focus([(36.68, 35.37), (36.5, 36.1)], [(37.62, 55.75), (36.7, 35.6)])
    west, south, east, north = extent
    assert north < 40  # the far-away point does not stretch the map
    to_xy = project(extent, 720, 560)
    for lon, lat in [(36.68, 35.37), (36.5, 36.1), (36.7, 35.6)]:
        x, y = to_xy(lon, lat)
        assert 0 <= x <= 720 and 0 <= y <= 560
    # North is up and east is right.
    assert to_xy(36.5, 36.1)[1] < to_xy(36.68, 35.37)[1]
    assert to_xy(36.5, 36.1)[0] < to_xy(36.68, 35.37)[0]


@pytest.mark.parametrize("rows", [2, 40])
def test_places_pages_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    world = build_world()
    add_filler_events(world, rows)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("places:map")).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("places:post_list")).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(world.posts["morek"].get_absolute_url())
    assert len(response.context["events"]) == rows + 2


def test_map_leaves_out_country_level_places(client, world):
    syria = Place.objects.create(name="Syria", kind=PlaceKind.COUNTRY, lat=35.0, lon=38.5)
    event = world.events["accusation"]
    event.place = syria
    event.save()
    response = client.get(reverse("places:map"))
    assert "Syria" not in [p["name"] for p in response.context["map_data"]["places"]]
    assert [p["name"] for p in response.context["map_data"]["places"]] == ["Morek"]
    # The post of the same name sits on Morek, so the place gets no second label.
    assert response.context["map_data"]["places"][0]["label"] is False


def test_busiest_places_get_labels_that_do_not_collide(client, world):
    saraqeb = Place.objects.create(name="Saraqeb", kind=PlaceKind.TOWN, lat=35.86, lon=36.80)
    near = Place.objects.create(name="Near Saraqeb", kind=PlaceKind.TOWN, lat=35.861, lon=36.801)
    for place, event in ((saraqeb, "summit"), (saraqeb, "corridor"), (near, "accusation")):
        world.events[event].place = place
        world.events[event].save()
    places = {
        p["name"]: p["label"]
        for p in client.get(reverse("places:map")).context["map_data"]["places"]
    }
    assert places == {"Saraqeb": True, "Morek": False, "Near Saraqeb": False}


def test_an_encircled_post_is_filtered_by_the_word_the_page_shows(client, world):
    from apps.places.models import ObservationPost

    other = ObservationPost.objects.create(name="Zzyzx test post", status="withdrawn")
    html = client.get(reverse("places:post_list"), {"status": "encircled"}).content.decode()
    encircled = ObservationPost.objects.filter(status="encircled")
    assert encircled.exists() and all(post.name in html for post in encircled)
    assert other.name not in html
    assert other.name in client.get(reverse("places:post_list")).content.decode()
