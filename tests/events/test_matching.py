"""Whether an extracted event is a stored one is decided in plain Python (``events.matching``).

The decisions read the fields of a stored event, so any object with them will do, and the
module loads neither Django nor the models: the database reads are ``selectors``' job.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from apps.events.matching import EventInput, best_match, event_fingerprint, same_event

REPO = Path(__file__).resolve().parents[2]
DAY = datetime.date(2020, 2, 24)


def item(**extra) -> EventInput:
    values = dict(
        event_type="air_strike",
        cameo_code="195",
        acled_event_type="",
        acled_sub_event_type="",
        date=DAY,
        date_precision="day",
        end_date=None,
        date_expression="",
        date_is_relative=False,
        summary="",
        place_id=None,
        location_text="",
        agreement_id=None,
        post_id=None,
        fatalities=None,
        wounded=None,
        actors=[(1, "actor", "Russia"), (2, "target", "Idlib")],
        start=0,
        end=10,
        quote="",
    )
    values.update(extra)
    return EventInput(**values)


def stored(pk: int, **extra) -> SimpleNamespace:
    values = dict(
        pk=pk,
        event_type="air_strike",
        date=DAY,
        end_date=None,
        place_id=None,
        agreement_id=None,
        fatalities=None,
        fingerprint="",
    )
    values.update(extra)
    return SimpleNamespace(**values)


def test_importing_the_decisions_loads_no_django():
    code = (
        "import sys, apps.events.matching\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'"
        " or m == 'apps.events.models'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_same_event_needs_the_dates_window_and_a_shared_actor():
    report = item()
    assert same_event(stored(1, date=DAY + datetime.timedelta(days=1)), report, {1})
    assert not same_event(stored(1, date=DAY + datetime.timedelta(days=2)), report, {1})
    assert not same_event(stored(1), report, {7})
    assert not same_event(stored(1, event_type="meeting"), report, {1})


def test_best_match_prefers_the_same_type_fatalities_and_fingerprint():
    report = item(event_type="shelling", fatalities=3)
    near = stored(1, event_type="air_strike")
    exact = stored(2, event_type="shelling", fatalities=3, fingerprint=event_fingerprint(report))
    actors_of = {1: {1, 2}, 2: {1}}
    assert best_match([near, exact], report, actors_of) is exact
    assert best_match([near], item(event_type="meeting"), actors_of) is None


def test_a_year_wide_report_is_one_with_another_only_of_its_type_and_place():
    year = item(
        date=datetime.date(2014, 1, 1),
        end_date=datetime.date(2014, 12, 31),
        date_precision="year",
        place_id=5,
    )
    assert same_event(stored(1, date=DAY.replace(year=2014), place_id=5), year, {1})
    assert not same_event(stored(1, date=DAY.replace(year=2014)), year, {1})  # no place
    assert not same_event(
        stored(1, date=DAY.replace(year=2014), place_id=5, event_type="shelling"), year, {1}
    )
    # a stored event dated to a year does not swallow a day's report of the same actors
    wide = stored(
        1,
        date=datetime.date(DAY.year, 1, 1),
        end_date=datetime.date(DAY.year, 12, 31),
    )
    assert not same_event(wide, item(), {1})
    assert same_event(stored(1, end_date=DAY + datetime.timedelta(days=3)), item(), {1})
