"""Roles and triggers read as news and reference works write them: a subject before an aside,
the side that lost ground, the two sides of a clash, and events that "took place"."""

from datetime import date

import pytest

from apps.ingestion.extraction.pipeline import extract


def _events(text):
    return extract(text, published_on=date(2020, 3, 10), precision="day").events


def _roles(event):
    return [(a.key, a.role) for a in event.actors]


def test_a_subject_before_a_short_aside_initiates_the_verb_after_it():
    (event,) = [
        e
        for e in _events(
            "On 23 October 2014, the Syrian Army, backed by allied militias, took back control "
            "of Morek in Idlib."
        )
        if e.event_type == "occupy_territory"
    ]
    assert _roles(event) == [("actor:saa", "initiator")]
    assert event.date == date(2014, 10, 23)


def test_whoever_territory_is_taken_from_is_the_target():
    (event,) = [
        e
        for e in _events("Rebels took control of Saraqib in Idlib from regime troops on Thursday.")
        if e.event_type == "occupy_territory"
    ]
    assert ("actor:saa", "target") in _roles(event)


@pytest.mark.parametrize(
    "text",
    [
        "Heavy fighting broke out between Turkish troops and Syrian forces in Idlib.",
        "Clashes have erupted between Turkish troops and Syrian forces near Idlib.",
    ],
)
def test_a_clash_that_happened_between_two_sides_has_both(text):
    (event,) = [e for e in _events(text) if e.event_type == "armed_clash"]
    assert _roles(event) == [("actor:tur-forces", "initiator"), ("actor:saa", "target")]


def test_a_clash_merely_feared_reports_nothing():
    events = _events("Clashes could break out between Turkish troops and Syrian forces in Idlib.")
    assert not [e for e in events if e.event_type == "armed_clash"]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("On 3 February 2020, Syrian and Turkish forces exchanged fire in Idlib.", "armed_clash"),
        (
            "On 1 March 2020, Turkey initiated a military operation against the Syrian regime "
            "in Idlib.",
            "operation_declared",
        ),
        ("Syrian troops broke through rebel defences in Idlib on 5 February 2016.", "offensive"),
        ("On 19 January 2018, Turkey invaded Afrin, north of Idlib.", "offensive"),
    ],
)
def test_more_ways_news_tells_fighting(text, event_type):
    assert event_type in {e.event_type for e in _events(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Erdogan and Putin spoke by telephone on Friday about Idlib.",
        "In a phone call with Putin on Friday, Erdogan discussed Idlib.",
        "Erdogan phoned Putin on Friday about the situation in Idlib.",
        "Erdogan met Putin in Moscow on Friday to discuss Idlib.",
    ],
)
def test_a_call_or_a_meeting_has_both_leaders_as_parties(text):
    (meeting,) = [e for e in _events(text) if e.event_type == "meeting"]
    assert {key for key, _ in _roles(meeting)} == {"actor:erdogan", "actor:putin"}
    assert {role for _, role in _roles(meeting)} == {"participant"}
    assert meeting.date == date(2020, 3, 6)


def test_an_event_noun_in_the_background_gives_way_to_the_clauses_act():
    events = _events(
        "On 23 August 2019, following the capture of a rebel pocket in the region, the Syrian "
        "Army fully encircled the Turkish observation post at Morek."
    )
    assert [(e.event_type, _roles(e)) for e in events] == [
        ("encirclement", [("actor:saa", "initiator")])
    ]


def test_a_statements_one_date_after_its_verb_dates_it_unless_it_looks_ahead():
    text = "The Syrian government announced an end to its operations in Idlib on 10 February."
    (said,) = [e for e in extract(text, published_on=None).events if e.event_type == "statement"]
    assert said.date is None  # no year anywhere: a day and month stays unresolved
    (said,) = [e for e in _events(text) if e.event_type == "statement"]
    assert said.date == date(2020, 2, 10)
    ahead = "The Syrian government said it would end its operations in Idlib on 10 February."
    (said,) = [e for e in _events(ahead) if e.event_type == "statement"]
    assert said.date != date(2020, 2, 10)


def test_they_after_a_sentence_naming_an_armed_group_is_that_group():
    text = (
        "Kurdish-led YPG militias control the city of Afrin in Syria. They have seized a string "
        "of villages in the last few days, rebels said."
    )
    (seized,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert _roles(seized) == [("actor:ypg", "initiator")]
    assert (seized.date, seized.end_date, seized.date_precision) == (
        date(2020, 3, 4),
        date(2020, 3, 10),
        "week",
    )


def test_they_with_no_group_in_the_sentence_before_stands_for_no_one():
    text = "Talks in Moscow ended on Monday. They have seized villages near Idlib, rebels said."
    seized = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert all(not e.actors for e in seized)


def test_a_meeting_that_may_happen_is_no_event_but_the_statement_is():
    text = (
        "On 5 March, Iraq's Foreign Minister Fuad Hussein stated that Baghdad may host a "
        "meeting between Erdogan and Assad on Syria."
    )
    assert [e.event_type for e in _events(text)] == ["statement"]
    planned = "Erdogan will meet Assad in Baghdad next week to discuss Syria."
    assert "meeting" in [e.event_type for e in _events(planned)]


def test_precision_strikes_are_attacks():
    text = "On Sunday, U.S. forces conducted a dozen precision strikes on ISIS camps in Syria."
    (strike,) = _events(text)
    assert strike.event_type == "attack" and strike.date == date(2020, 3, 8)


def test_the_subject_of_a_fronted_participle_is_the_main_clauses():
    text = "After capturing Saraqib in Idlib on Monday, Syrian rebels celebrated in its streets."
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert _roles(taken)[0] == ("actor:syrian-rebels", "initiator")
    assert taken.date == date(2020, 3, 9)
    # a participle inside the sentence has no such subject
    text = "Syrian rebels said that Turkey, after capturing Saraqib, shelled Idlib."
    assert not [e for e in _events(text) if e.event_type == "occupy_territory"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Syrian rebels drove regime troops from Saraqib in Idlib on Monday.", True),
        ("Syrian rebels pushed Syrian troops out of Saraqib in Idlib on Monday.", True),
        ("Syrian rebels drove to Saraqib in Idlib on Monday.", False),
        ("Syrian rebels pushed for talks on Idlib on Monday.", False),
    ],
)
def test_a_verb_that_needs_its_own_words_tells_the_event_only_with_them(text, found):
    taken = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert bool(taken) is found


def test_the_doer_after_fell_to_takes_the_town():
    text = "By November, key towns in Idlib such as Saraqib fell to Syrian rebels in a week."
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert _roles(taken) == [("actor:syrian-rebels", "initiator")]
    assert (taken.date, taken.date_precision) == (date(2019, 11, 1), "month")


def test_a_fronted_participle_and_the_main_verb_are_two_acts_with_their_own_dates():
    text = (
        "After capturing Saraqib in Idlib last week, Syrian rebels drove regime troops from "
        "Nayrab on Thursday."
    )
    taken = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert [e.date for e in taken] == [date(2020, 3, 2), date(2020, 3, 5)]
    assert ("actor:saa", "target") in _roles(taken[1])


@pytest.mark.parametrize(
    "text",
    [
        # a wry remark on what an army is better at: a gerund, no clash
        "The Syrian army is still better at stealing refrigerators than at fighting rebels.",
        # a state of affairs in the present progressive, tied to no moment
        "Assad's men in Idlib are unexpectedly battling the second-largest army in NATO.",
        # a verb's homograph after its noun phrase
        "Erdogan turned Turkey from a Western client state into a power in Idlib.",
        # "demonstrating to X that" shows something; it is no protest
        "Turkey may help Russia by demonstrating to the Syrian regime that it needs Idlib.",
    ],
)
def test_analysis_prose_reports_no_clash_statement_or_protest(text):
    assert [e.event_type for e in _events(text)] == []


def test_the_same_words_tied_to_a_moment_are_events():
    events = _events("Syrian troops are battling Turkish forces near Saraqib in Idlib today.")
    assert [e.event_type for e in events] == ["armed_clash"]
    events = _events("Hayat Tahrir al-Sham demonstrated in Idlib against the truce on Friday.")
    assert [e.event_type for e in events] == ["protest"]


def test_a_when_clause_happens_on_the_day_of_the_clause_it_hangs_on():
    text = (
        "The clash in Idlib began on February 27th when an air strike on a Turkish convoy "
        "killed at least 36 soldiers."
    )
    strike = [e for e in _events(text) if e.event_type == "air_strike"]
    assert [e.date for e in strike] == [date(2020, 2, 27)]


def test_an_emergency_meeting_held_and_a_truce_welcomed_are_events():
    text = (
        "European foreign ministers were holding an emergency meeting in Zagreb on Friday to "
        "discuss Idlib. EU foreign policy chief Josep Borrell welcomed the ceasefire in Idlib."
    )
    assert [e.event_type for e in _events(text)] == ["meeting", "statement"]


def test_an_irregular_past_of_a_trigger_verb_is_the_verb():
    text = "Syrian rebels retook Saraqib from regime troops on Thursday."
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert ("actor:syrian-rebels", "initiator") in _roles(taken)
    assert taken.date == date(2020, 3, 5)


def test_a_phrasal_verb_after_a_possessive_subject_is_a_verb():
    text = (
        "Syrian government troops and their allies broke through rebel defences near Nubl on "
        "Wednesday."
    )
    assert [e.event_type for e in _events(text)] == ["offensive"]
    text = "On 1 May the Syrian Army regained control over the eastern district of Morek."
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert taken.date == date(2019, 5, 1)


def test_a_speech_verb_in_the_present_after_its_speaker_is_a_statement():
    text = "Syrian Prime Minister Mohammed Ghazi al-Jalali says he is ready to hand over power."
    (said,) = _events(text)
    assert (said.event_type, _roles(said)) == ("statement", [("actor:jalali", "initiator")])
    # the same -s form with no speaker before it stays a noun
    assert _events("The says of the day were many in Idlib.") == []


def test_a_feed_items_headline_is_read_above_its_one_short_paragraph():
    text = (
        "Syrian rebels say they have taken control of Homs\n\n"
        "The city is strategically important to the government in Damascus."
    )
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert _roles(taken) == [("actor:syrian-rebels", "initiator")]
    assert taken.date == date(2020, 3, 10)
    long_story = (
        text
        + "\n\n"
        + "\n\n".join(
            f"Paragraph {n} of the story tells what residents of Homs saw in the streets that day."
            for n in range(4)
        )
    )
    assert not [e for e in _events(long_story) if e.event_type == "occupy_territory"]


def test_the_two_sides_of_clashes_after_where_they_broke_out():
    text = (
        "On 2 December, a series of clashes broke out along the Idlib de-escalation zone "
        "between HTS and the Syrian Army."
    )
    (clash,) = _events(text)
    assert _roles(clash) == [("actor:hts", "initiator"), ("actor:saa", "target")]


def test_a_participle_after_the_verb_shares_the_sentences_subject():
    text = (
        "Assad now controls the south of Idlib province after capturing 20 villages on "
        "Thursday, activists said."
    )
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert _roles(taken) == [("actor:assad", "initiator")]
    assert taken.date == date(2020, 3, 5)


def test_acts_told_as_nouns_and_infinitives_that_happened():
    text = "On 13 February, Turkey began heavy artillery bombing of Kurdish fighters near Azaz."
    assert [(e.event_type, e.date) for e in _events(text)] == [("air_strike", date(2020, 2, 13))]
    text = "On 22 February, government forces conducted heavy air-strikes against HTS."
    (strikes,) = _events(text)
    assert (strikes.event_type, _roles(strikes)[1]) == ("air_strike", ("actor:hts", "target"))
    text = "On 1 March, rebels managed to capture an army checkpoint south of Morek."
    assert [e.event_type for e in _events(text)] == ["occupy_territory"]
    text = "On 2 March, Italy became the first G7 member to announce it would reopen its Damascus embassy."
    assert [e.event_type for e in _events(text)] == ["statement"]
    # an aim stays an aim
    assert _events("On 2 March, rebels tried to capture an army checkpoint south of Morek.") == []


def test_a_coordinated_speech_verb_has_the_sentences_subject():
    text = "HTS leader Abu Mohammad al-Jolani was interviewed by CNN on 6 March, and said as much."
    (said,) = _events(text)
    assert (said.event_type, _roles(said), said.date) == (
        "statement",
        [("actor:jolani", "initiator")],
        date(2020, 3, 6),
    )


def test_qualified_forces_and_a_summoned_ambassador():
    text = "On 13 February, pro-government forces targeted Turkish observation forces in Idlib."
    (attack,) = _events(text)
    assert _roles(attack) == [("actor:tur-forces", "target")]
    text = "On 9 January, Turkey summoned the Russian ambassador over air strikes in Idlib."
    (protest,) = _events(text)
    assert (protest.event_type, _roles(protest)[0]) == (
        "criticism",
        ("actor:state-tur", "initiator"),
    )


def test_quoted_as_saying_is_the_subjects_statement_dated_by_its_clause():
    text = (
        "Recep Tayyip Erdogan was quoted at the weekend as saying Turkey was under threat in Idlib."
    )
    (said,) = _events(text)
    assert (said.event_type, _roles(said)[0]) == ("statement", ("actor:erdogan", "initiator"))
    assert (said.date, said.date_precision) == (date(2020, 3, 7), "week")


def test_taking_a_named_place_or_a_town_is_taking_territory():
    (taken,) = _events("On Thursday Syrian rebels took Saraqeb from government forces.")
    assert taken.event_type == "occupy_territory"
    assert _roles(taken)[0] == ("actor:syrian-rebels", "initiator")
    (taken,) = _events("On Thursday Syrian rebels took the town of Saraqeb in Idlib.")
    assert taken.event_type == "occupy_territory"
    text = "On Thursday Turkey took refugees from Idlib to the city of Gaziantep."
    assert [e.event_type for e in _events(text)] == []


def test_a_demonym_before_a_military_act_is_that_states_forces():
    (strike,) = _events("On 5 March, three civilians were killed in a Russian airstrike in Idlib.")
    assert (strike.event_type, _roles(strike)) == (
        "air_strike",
        [("actor:rus-forces", "initiator")],
    )
    assert strike.date == date(2020, 3, 5)
    # "pro-Russian" is not Russia
    text = "On 6 March, pro-Russian shelling hit Saraqeb in Idlib."
    assert all("actor:rus-forces" not in dict(_roles(e)) for e in _events(text))


def test_a_call_to_a_counterpart_and_a_downed_jet():
    (call,) = _events("On Monday Lloyd Austin spoke to his Turkish counterpart about Idlib.")
    assert call.event_type == "meeting"
    assert _events("On Monday Mevlut Cavusoglu spoke to reporters in Idlib.") == []
    (downed,) = _events("On 1 March Turkey downed two Syrian jets over Idlib.")
    assert (downed.event_type, _roles(downed)[0]) == (
        "air_strike",
        ("actor:state-tur", "initiator"),
    )


def test_entering_a_war_or_a_town_is_a_deployment_but_not_the_milestone_since_then():
    (entered,) = _events("On 2 March regime forces entered the town of Saraqeb in Idlib.")
    assert entered.event_type == "deployment"
    text = (
        "On 28 February Turkey lost 33 soldiers in Idlib, the heaviest loss since it entered "
        "the Syrian war."
    )
    assert "deployment" not in [e.event_type for e in _events(text)]


def test_the_target_of_an_operation_follows_its_code_name_and_days_later_count_on():
    text = (
        "On 1 March, Turkey initiated a military operation code-named Operation Spring Shield, "
        "against the Syrian regime in Idlib."
    )
    (operation,) = _events(text)
    assert _roles(operation) == [("actor:state-tur", "initiator"), ("actor:state-syr", "target")]
    text = (
        "On 1 March, rebels captured a checkpoint south of Saraqeb in Syria, while the Syrian "
        "Army regained control over the town five days later."
    )
    assert [(e.date, _roles(e)[0][0]) for e in _events(text)] == [
        (date(2020, 3, 1), "actor:syrian-rebels"),
        (date(2020, 3, 6), "actor:saa"),
    ]


def test_a_second_predicate_with_its_own_day_is_a_second_event_on_that_day():
    text = (
        "Syrian government forces took the Idlib village of Abu Dali on 19 February, and "
        "conducted two airstrikes on the town of Maar Shurin on 20 February."
    )
    assert [(e.event_type, e.date) for e in _events(text)] == [
        ("occupy_territory", date(2020, 2, 19)),
        ("air_strike", date(2020, 2, 20)),
    ]


def test_coordinated_demonyms_before_a_force_noun_are_both_states_forces():
    (attack,) = _events("On 3 March, Turkish and Russian troops attacked rebels near Saraqeb.")
    assert sorted(_roles(attack)) == [
        ("actor:rus-forces", "initiator"),
        ("actor:syrian-rebels", "target"),
        ("actor:tur-forces", "initiator"),
    ]


def test_a_paragraph_telling_history_carries_its_month_not_the_reports_day():
    text = (
        "Syria's war\n\nThe conflict took a sharp turn in October 2019 when Donald Trump "
        "withdrew American troops from the Syria-Turkey border. Seizing the opening, Recep "
        "Tayyip Erdogan launched a military campaign in Syria, capturing towns.\n"
    )
    events = extract(text, published_on=date(2024, 12, 17), precision="day").events
    assert [(e.event_type, e.date, e.date_precision) for e in events][-1] == (
        "occupy_territory",
        date(2019, 10, 1),
        "month",
    )
    text = (
        "Syria's war\n\nIn October 2012, clashes took place along the Syrian-Turkish border, "
        "killing 14 Syrian soldiers. Syria has repeatedly urged UN Security Council action "
        "against Turkey.\n"
    )
    events = extract(text, published_on=date(2024, 12, 17), precision="day").events
    assert [e.date for e in events if e.event_type == "appeal"] == [None]


def test_a_figurative_object_makes_no_act():
    text = "On Monday Turkey struck a balance between Russia and the United States over Idlib."
    assert _events(text) == []
    (strike,) = _events("On Monday Turkey struck Syrian positions in Idlib.")
    assert strike.event_type == "attack"
    text = "Seizing the opening on Monday, Turkish forces captured the town of Saraqeb in Idlib."
    assert [e.event_type for e in _events(text)] == ["occupy_territory"]


def test_a_nominal_act_with_its_object_and_its_author_is_an_act_of_the_author():
    text = "The bombing of Damascus and Aleppo airports by the IDF stopped flights to Syria."
    (bombing,) = _events(text)
    assert (bombing.event_type, bombing.date) == ("air_strike", date(2020, 3, 10))
    assert [a.role for a in bombing.actors] == ["initiator"]
    assert "IDF" in [a.text for a in bombing.actors]
    # a bare "by" that names no actor anchors nothing
    assert _events("The bombing of Aleppo airport by night is feared in Syria.") == []


def test_a_year_in_a_relative_clause_aside_dates_nothing_outside_it():
    text = (
        "Opposition forces moved on Deraa (where Syria's protests first began in 2011) and "
        "Suwaida, making deals with regime forces to withdraw."
    )
    dated = {e.event_type: e.date for e in _events(text)}
    assert dated["agreement_reached"] != date(2011, 1, 1)
    assert dated["protest"] == date(2011, 1, 1)
    text = "Rebels took Saraqeb (in February 2020) from regime forces, rebels said."
    (taken,) = [e for e in _events(text) if e.event_type == "occupy_territory"]
    assert (taken.date, taken.date_precision) == (date(2020, 2, 1), "month")
