"""The scorer must be right before its figures mean anything: its matching rules on small inputs."""

from datetime import date

import pytest

from apps.ingestion.extraction.types import (
    EntityExtraction,
    EntityMention,
    EntityRecord,
    ExtractedEvent,
    Extraction,
)

BODY = (
    "Russian Foreign Minister Sergei Lavrov on Wednesday said Moscow's patience is running out.\n\n"
    "Last week a Syrian fighter jet attacked a Turkish military truck near Morek, killing three.\n\n"
    "The same day the Turkish Defense Ministry announced that Russia had been notified.\n\n"
    'The next day the foreign minister warned Damascus "not to play with\nfire".'
)


def actor(key, name, subkind="person", aliases=(), affiliation="", kind="actor", extra=None):
    return EntityRecord(
        kind=kind,
        key=key,
        name=name,
        subkind=subkind,
        affiliation=affiliation,
        aliases=list(aliases),
        extra=dict(extra or {}),
    )


def event(body, needle, event_type, when=None, cameo=""):
    start = body.index(needle)
    end = body.find("\n\n", start)
    end = len(body) if end < 0 else end
    sentence_start = body.rfind("\n\n", 0, start)
    sentence_start = 0 if sentence_start < 0 else sentence_start + 2
    return ExtractedEvent(
        event_type=event_type,
        cameo_code=cameo,
        acled_event_type="",
        acled_sub_event_type="",
        date=when,
        date_precision="day" if when else "",
        end_date=None,
        date_expression="",
        date_is_relative=False,
        actors=[],
        place_key=None,
        location_text="",
        agreement_key=None,
        post_key=None,
        fatalities=None,
        wounded=None,
        summary="",
        sentence_start=sentence_start,
        sentence_end=end,
        quote=body[sentence_start:end],
    )


def extraction(records=(), events=(), mentions=()):
    return Extraction(
        entities=EntityExtraction(
            sentences=[], mentions=list(mentions), records={r.key: r for r in records}
        ),
        events=list(events),
    )


def gold(scorer, **parts):
    data = {
        "file": "x.txt",
        "path": None,
        "published": {"date": "2019-08-27", "precision": "day"},
        "actors": [],
        "not_actors": [],
        "agreements": [],
        "posts": [],
        "events": [],
        "not_events": [],
    }
    data.update(parts)
    for e in data["events"]:
        e.setdefault("precision", "day")
        e["date"] = e.get("date")
        e.setdefault("end_date", None)
    return scorer.Gold(**data)


# ---------------------------------------------------------------- text helpers


def test_find_span_ignores_line_breaks_hyphenation_and_quotes(scorer):
    text = "seized by militants linked to al-\nQaeda last month, the “endless” nest"
    start, end = scorer.find_span(text, "linked to al-Qaeda last month")
    assert text[start:end] == "linked to al-\nQaeda last month"
    assert scorer.find_span(text, 'the "endless" nest') is not None
    assert scorer.find_span(text, "not in the text") is None


def test_name_key_drops_leading_article_and_accents(scorer):
    assert scorer.name_key("the Kremlin") == scorer.name_key("Kremlin")
    assert scorer.name_key("Mevlüt Çavuşoğlu") == "mevlut cavusoglu"


# ---------------------------------------------------------------- families


def test_family_of_uses_keys_then_words_then_cameo(scorer):
    families = scorer.Families.load()
    assert families.family_of("statement") == "statement"
    assert families.family_of("air_strike") == "attack"
    assert families.family_of("ceasefire_violation") == "violation"
    assert families.family_of("arms_delivery") == "arms_delivery"
    assert families.family_of("xyz", cameo_code="0421") == "meeting"
    assert families.family_of("xyz", cameo_code="195") == "attack"
    assert families.family_of("xyz", cameo_code="192") == "offensive"
    assert families.family_of("xyz") == scorer.OTHER


# ---------------------------------------------------------------- actors


def test_actor_matches_by_name_alias_or_mention_and_counts_misses(scorer):
    g = gold(
        scorer,
        actors=[
            {"name": "Sergei Lavrov", "kind": "person", "affiliation": "RUS", "forms": ["Lavrov"]},
            {"name": "Russia", "kind": "state", "affiliation": "RUS", "forms": ["Moscow"]},
            {"name": "Turkish Defense Ministry", "kind": "government_body", "affiliation": "TUR"},
            {"name": "Syria", "kind": "state", "affiliation": "SYR", "forms": ["Damascus"]},
        ],
    )
    ext = extraction(
        records=[
            actor("a:lavrov", "Sergey Lavrov", aliases=["Lavrov"], affiliation="RUS"),
            actor("a:rus", "Russian Federation", "state", affiliation="RUS"),
            actor("a:mod", "Ministry of National Defence", "government_body", affiliation="TUR"),
        ],
        mentions=[EntityMention("actor", "a:rus", 0, 6, "Moscow")],
    )
    score, tallies = scorer.score_actors(g, ext)
    # Lavrov by alias, Russia by a mention; the ministry's name is not a listed form.
    assert (score.tp, score.fp, score.fn) == (2, 1, 2)
    assert sorted(score.misses) == ["Syria", "Turkish Defense Ministry"]
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(0.5)
    assert tallies["actor_kind"].rate == 1.0


def test_duplicate_records_and_listed_non_actors_are_false_positives(scorer):
    g = gold(
        scorer,
        actors=[{"name": "Recep Tayyip Erdogan", "kind": "person", "forms": ["Erdogan"]}],
        not_actors=["Sanae Takaichi"],
    )
    ext = extraction(
        records=[
            actor("a:1", "Recep Tayyip Erdogan"),
            actor("a:2", "Erdogan"),
            actor("a:3", "Sanae Takaichi"),
        ]
    )
    score, _ = scorer.score_actors(g, ext)
    assert (score.tp, score.fp, score.fn) == (1, 2, 0)
    assert any("duplicate" in fp for fp in score.false_positives)
    assert any("not an actor" in fp for fp in score.false_positives)


def test_optional_actor_is_neither_right_nor_wrong(scorer):
    g = gold(scorer, actors=[{"name": "Kremlin", "kind": "government_body", "optional": True}])
    score, _ = scorer.score_actors(g, extraction(records=[actor("a:k", "The Kremlin")]))
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)


def test_wrong_kind_and_affiliation_are_tallied(scorer):
    g = gold(scorer, actors=[{"name": "HTS", "kind": "armed_group", "affiliation": "SYR"}])
    _, tallies = scorer.score_actors(
        g, extraction(records=[actor("a:h", "HTS", "organisation", affiliation="TUR")])
    )
    assert tallies["actor_kind"].rate == 0.0
    assert tallies["actor_affiliation"].rate == 0.0


# ---------------------------------------------------------------- agreements and posts


def test_agreement_parties_and_year(scorer):
    g = gold(
        scorer,
        actors=[
            {"name": "Russia", "kind": "state", "forms": ["Moscow"]},
            {"name": "Turkey", "kind": "state", "forms": ["Ankara"]},
        ],
        agreements=[
            {
                "name": "Sochi memorandum",
                "kind": "memorandum",
                "date": date(2018, 9, 17),
                "parties": ["Russia", "Turkey"],
                "forms": ["Sochi deal"],
            }
        ],
    )
    records = [
        actor("a:rus", "Russia", "state"),
        actor("a:tur", "Ankara", "state"),
        actor(
            "ag:sochi",
            "Sochi deal",
            "memorandum",
            kind="agreement",
            extra={"signed_on": date(2018, 9, 17), "party_keys": ["a:rus", "a:tur"]},
        ),
    ]
    score, tallies = scorer.score_agreements(g, extraction(records=records))
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert tallies["agreement_parties"].rate == 1.0
    assert tallies["agreement_year"].rate == 1.0
    records[2].extra["party_keys"] = ["a:rus"]
    records[2].extra["signed_on"] = date(2019, 9, 17)
    _, tallies = scorer.score_agreements(g, extraction(records=records))
    assert tallies["agreement_parties"].rate == 0.0
    assert tallies["agreement_year"].rate == 0.0


def test_post_matches_by_form_and_checks_its_agreement(scorer):
    g = gold(scorer, posts=[{"name": "Morek", "agreement": "Astana", "forms": ["Morek post"]}])
    records = [
        actor("p:m", "Morek post", "", kind="post", extra={"agreement_key": "ag:a"}),
        actor("ag:a", "Astana memorandum", "framework", kind="agreement"),
    ]
    forms = {"astana": {"astana", "astana memorandum"}}
    score, tallies = scorer.score_posts(g, extraction(records=records), forms)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert tallies["post_agreement"].rate == 1.0


# ---------------------------------------------------------------- events


def _events_gold(scorer):
    return gold(
        scorer,
        events=[
            {
                "id": "lavrov",
                "type": ["statement"],
                "date": date(2019, 8, 21),
                "evidence": ["Sergei Lavrov on Wednesday said"],
            },
            {
                "id": "strike",
                "type": ["attack"],
                "date": date(2019, 8, 19),
                "precision": "week",
                "core": True,
                "evidence": ["a Syrian fighter jet attacked", "Russia had been notified"],
            },
            {
                "id": "warning",
                "type": ["threat", "statement"],
                "date": None,
                "evidence": ['warned Damascus "not to play with fire"'],
            },
        ],
    )


def test_events_match_by_family_and_evidence_and_dates_by_precision(scorer):
    families = scorer.Families.load()
    g = _events_gold(scorer)
    ext = extraction(
        events=[
            event(BODY, "Sergei Lavrov", "statement", date(2019, 8, 21)),
            event(BODY, "Last week", "air_strike", date(2019, 8, 22)),  # within a week
            event(BODY, "The next day", "warning", None),  # spans a line break in the quote
        ]
    )
    result = scorer.score_events(g, BODY, ext, families)
    assert (result.events.tp, result.events.fp, result.events.fn) == (3, 0, 0)
    assert (result.dated.tp, result.dated.fp, result.dated.fn) == (3, 0, 0)
    assert result.dates["exact"].right == 1
    assert result.dates["week"].right == 2
    assert result.dates["undated_kept"].rate == 1.0
    assert result.status["strike"] == "dated"


def test_event_actors_and_roles_are_checked(scorer):
    from apps.ingestion.extraction.types import EventActorRef

    families = scorer.Families.load()
    g = gold(
        scorer,
        actors=[
            {"name": "Syrian Arab Army", "kind": "armed_forces", "forms": ["Syrian fighter jet"]},
            {"name": "Turkish Armed Forces", "kind": "armed_forces", "forms": ["Turkish military"]},
        ],
        events=[
            {
                "id": "strike",
                "type": ["attack"],
                "date": None,
                "evidence": ["a Syrian fighter jet attacked"],
                "actors": [
                    {"name": "Syrian Arab Army", "role": "initiator"},
                    {"name": "Turkish Armed Forces", "role": "target"},
                ],
            }
        ],
    )
    strike = event(BODY, "Last week", "air_strike")
    strike.actors = [
        EventActorRef("a:saa", "initiator", "Syrian fighter jet"),
        EventActorRef("a:tsk", "initiator", "Turkish military"),
    ]
    records = [
        actor("a:saa", "Syrian Arab Army", "armed_forces"),
        actor("a:tsk", "TSK", "armed_forces"),
    ]
    result = scorer.score_events(g, BODY, extraction(records=records, events=[strike]), families)
    assert (result.dates["actor"].right, result.dates["actor"].total) == (2, 2)
    assert (result.dates["role"].right, result.dates["role"].total) == (1, 2)


def test_wrong_family_is_a_miss_and_a_false_positive(scorer):
    families = scorer.Families.load()
    g = _events_gold(scorer)
    ext = extraction(events=[event(BODY, "Sergei Lavrov", "air_strike", date(2019, 8, 21))])
    result = scorer.score_events(g, BODY, ext, families)
    assert (result.events.tp, result.events.fp, result.events.fn) == (0, 1, 3)
    assert "family not accepted for lavrov" in result.events.false_positives[0]


def test_wrong_or_guessed_date_counts_against_dated_events_only(scorer):
    families = scorer.Families.load()
    g = _events_gold(scorer)
    ext = extraction(
        events=[
            event(BODY, "Sergei Lavrov", "statement", date(2019, 8, 22)),  # day off by one
            event(BODY, "The next day", "threat", date(2019, 8, 20)),  # gold keeps it undated
        ]
    )
    result = scorer.score_events(g, BODY, ext, families)
    assert (result.events.tp, result.events.fn) == (2, 1)
    assert (result.dated.tp, result.dated.fp, result.dated.fn) == (0, 2, 3)
    assert result.dates["undated_kept"].rate == 0.0
    assert result.status["lavrov"] == "wrong-date"


def test_month_year_and_range_precision(scorer):
    same = scorer._same_date
    assert same(date(2019, 1, 2), date(2019, 1, 30), "month")
    assert not same(date(2019, 2, 1), date(2019, 1, 30), "month")
    assert same(date(2015, 12, 31), date(2015, 1, 1), "year")
    assert same(date(2019, 8, 26), date(2019, 8, 19), "week")
    assert not same(date(2019, 8, 27), date(2019, 8, 19), "week")
    assert same(None, None, "day") and not same(date(2020, 1, 1), None, "day")
    ranged = {"date": date(2020, 2, 29), "end_date": date(2020, 3, 1), "precision": "day"}
    assert scorer._date_ok(event(BODY, "Last week", "attack", date(2020, 3, 1)), ranged)
    assert not scorer._date_ok(event(BODY, "Last week", "attack", date(2020, 3, 2)), ranged)


def test_second_report_of_one_event_is_a_repeat_but_same_sentence_twice_is_not(scorer):
    families = scorer.Families.load()
    g = _events_gold(scorer)
    ext = extraction(
        events=[
            event(BODY, "Last week", "air_strike", date(2019, 8, 19)),
            event(BODY, "Russia had been notified", "attack", date(2019, 8, 19)),
            event(BODY, "Last week", "shelling", date(2019, 8, 19)),
        ]
    )
    result = scorer.score_events(g, BODY, ext, families)
    assert result.repeats == 1
    assert (result.events.tp, result.events.fp) == (1, 1)
    assert "same sentence" in result.events.false_positives[0]


def test_optional_and_forbidden_events(scorer):
    families = scorer.Families.load()
    g = gold(
        scorer,
        events=[{"id": "opt", "type": ["statement"], "evidence": ["Lavrov on"], "optional": True}],
        not_events=["The same day the Turkish Defense Ministry"],
    )
    ext = extraction(
        events=[
            event(BODY, "Sergei Lavrov", "statement"),
            event(BODY, "The same day", "statement"),
        ]
    )
    result = scorer.score_events(g, BODY, ext, families)
    assert (result.events.tp, result.events.fp, result.events.fn) == (0, 1, 0)
    assert "not an event" in result.events.false_positives[0]


def test_stated_counts_match_on_value_and_sentence(scorer):
    from apps.ingestion.extraction.types import StatedCount

    body = "The post near Morek is one of 12 that Ankara set up. Turkey has 19 posts."
    g = gold(
        scorer, counts=[{"subject": "observation_posts", "value": 12, "evidence": "one of 12"}]
    )
    first, second = body.split(". ")
    good = StatedCount("observation_posts", 12, None, body.index("12"), body.index("12") + 2, first)
    wrong = StatedCount(
        "observation_posts", 19, None, body.index("19"), body.index("19") + 2, second
    )
    counted = Extraction(
        entities=EntityExtraction(sentences=[], mentions=[], records={}, counts=[good, wrong]),
        events=[],
    )
    score = scorer.score_counts(g, body, counted)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    missed = scorer.score_counts(g, body, extraction())
    assert (missed.tp, missed.fp, missed.fn) == (0, 0, 1)


def test_score_arithmetic(scorer):
    empty = scorer.Score()
    assert (empty.precision, empty.recall) == (1.0, 1.0)
    s = scorer.Score(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_publication_date_scoring(scorer):
    g = gold(
        scorer,
        published={
            "date": "2020-03-24",
            "precision": "month",
            "from_text": "2020-03-01",
            "from_text_precision": "month",
        },
    )
    assert scorer.score_pubdate(g, date(2020, 3, 2)) == "correct"
    assert scorer.score_pubdate(g, date(2026, 4, 8)) == "wrong"
    assert scorer.score_pubdate(g, None) == "missing"


def test_post_linked_to_an_agreement_the_article_does_not_mention(scorer):
    g = gold(scorer, posts=[{"name": "Morek", "agreement": "Astana"}])
    forms = {"astana": {"astana", "astana memorandum"}}
    post = actor("p:m", "Morek", "", kind="post", extra={"agreement_key": "agreement:astana-2017"})
    _, tallies = scorer.score_posts(g, extraction(records=[post]), forms)
    assert tallies["post_agreement"].rate == 1.0
    post.extra["agreement_key"] = "agreement:sochi-2018"
    _, tallies = scorer.score_posts(g, extraction(records=[post]), forms)
    assert tallies["post_agreement"].rate == 0.0
