"""Every search example of docs/api.md and README.md, and accent and case folding of ``q`` on
every endpoint, the same on SQLite and PostgreSQL (run this file with DATABASE_URL set to a
PostgreSQL database for the second)."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache

from apps.core.search_text import Term, websearch_parse
from apps.events.models import Quotation
from tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    AgreementFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def world():
    """Articles, actors, agreements, events and quotations each documented example needs."""
    cache.clear()
    rows = {
        "morek": ArticleFactory(
            title="Turkish troops stay at Morek",
            body="The observation post at Morek has been encircled by Syrian forces.",
        ),
        "morek_apart": ArticleFactory(
            title="Morek shelled",
            body="Shells fell near Morek. Turkey said its post and an observation tower held.",
        ),
        "patrols": ArticleFactory(
            title="Russia and Turkey begin joint patrols",
            body="Russian and Turkish troops ran joint patrols on the M4 highway.",
        ),
        "patrols_kurdish": ArticleFactory(
            title="Joint patrols east of the Euphrates",
            body="The joint patrols passed Kurdish towns near Kobani.",
        ),
        "astana": ArticleFactory(title="Astana talks resume", body="Guarantors met in Astana."),
        "sochi": ArticleFactory(title="Leaders meet in Sochi", body="The summit was in Sochi."),
        "ceasefire": ArticleFactory(title="A ceasefire in Idlib", body="The ceasefire held."),
        "erdogan": ArticleFactory(title="Talks", body="Erdogan spoke to Putin on Monday."),
        "erdogan_accented": ArticleFactory(title="Calls", body="Erdoğan called Putin."),
    }
    rows["putin"] = ActorFactory(name="Vladimir Putin", kind="person")
    rows["erdogan_actor"] = ActorFactory(name="Recep Tayyip Erdoğan", kind="person")
    ActorAliasFactory(actor=rows["erdogan_actor"], alias="Tayyip Erdogan")
    rows["sochi_memo"] = AgreementFactory(
        name="Sochi memorandum on Idlib", summary="Signed by Erdoğan and Putin in Sochi."
    )
    rows["moscow"] = AgreementFactory(name="Moscow protocol", summary="A ceasefire from 6 March.")
    rows["shield"] = EventFactory(summary="Turkey launched an offensive", location_text="Idlib")
    EvidenceFactory(
        event=rows["shield"],
        article=rows["morek"],
        quote="Turkey launched Operation Spring Shield against Syrian government forces.",
    )
    rows["other_event"] = EventFactory(summary="Talks in Sochi", location_text="Sochi")
    EvidenceFactory(
        event=rows["other_event"],
        article=rows["sochi"],
        quote="Putin and Erdoğan met in Sochi; a spring offensive was discussed.",
    )
    rows["in_saraqib"] = EventFactory(
        summary="Shelling", location_text="", place=PlaceFactory(name="Sarāqib")
    )
    rows["quote_accented"] = Quotation.objects.create(
        article=rows["erdogan_accented"],
        speaker=rows["erdogan_actor"],
        speaker_text="Erdoğan",
        text="we will not allow a new wave of refugees",
        text_start=10,
        text_end=50,
        quote="Erdoğan said “we will not allow a new wave of refugees”.",
        start=0,
        end=60,
    )
    rows["quote_other"] = Quotation.objects.create(
        article=rows["sochi"],
        speaker=rows["putin"],
        speaker_text="the Russian president",
        text="the ceasefire must hold",
        text_start=5,
        text_end=30,
        quote="Putin said “the ceasefire must hold”.",
        start=0,
        end=40,
    )
    return rows


def found(api, endpoint: str, q: str, **params) -> set[int]:
    response = api.get(f"/api/v1/{endpoint}/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def ids(world, *names: str) -> set[int]:
    return {world[name].pk for name in names}


# --- the examples the docs give, as they give them ---------------------------------------------


def documented_examples() -> set[tuple[str, str]]:
    """(endpoint, q) of every search example in docs/api.md and README.md: URLs with ``?q=``,
    ``curl --data-urlencode 'q=…' …/endpoint/``, the Python client's ``params``, and the syntax
    examples of the ``q`` paragraph (articles)."""
    text = (REPO / "docs" / "api.md").read_text() + (REPO / "README.md").read_text()
    found = set(re.findall(r"/api/v1/([\w-]+)/\?q=([^&'\s]+)", text))
    found |= {
        (endpoint, q)
        for q, endpoint in re.findall(
            r"--data-urlencode 'q=([^']+)' '[^']*/api/v1/([\w-]+)/'", text
        )
    }
    found |= {
        (e, q) for e, q in re.findall(r'client\.get\("/([\w-]+)/", params=\{"q": "([^"]+)"', text)
    }
    paragraph = text[text.index("- `q` reads web-search syntax") :].split("\n- `", 1)[0]
    examples = paragraph.split("between alternatives:", 1)[1].split("Accents", 1)[0]
    found |= {("articles", q) for q in re.findall(r"`([^`]+)`", examples)}
    return found


def test_the_documented_examples_are_the_ones_tested():
    """A new search example in the docs needs a case below: the list is read from them."""
    assert documented_examples() == set(DOCUMENTED)


DOCUMENTED = {
    ("actors", "putin"): {"putin"},
    ("articles", '"observation post" Morek'): {"morek"},
    ("articles", "ceasefire"): {"ceasefire"},
    ("agreements", "sochi memorandum"): {"sochi_memo"},
    ("articles", '"joint patrols" -Kurdish'): {"patrols"},
    ("articles", "Sochi or Astana"): {"sochi", "astana"},
    ("events", '"Spring Shield"'): {"shield"},
}


@pytest.mark.parametrize("endpoint,q", sorted(DOCUMENTED))
def test_each_documented_example_finds_what_the_docs_say(api, world, endpoint, q):
    assert found(api, endpoint, q) == ids(world, *DOCUMENTED[endpoint, q])


# --- accents and case, every endpoint ----------------------------------------------------------


@pytest.mark.parametrize("q", ["Erdoğan", "erdogan", "ERDOGAN", "erdoĞan"])
def test_articles_fold_accents_and_case(api, world, q):
    assert found(api, "articles", q) == ids(world, "erdogan", "erdogan_accented")


@pytest.mark.parametrize("q", ["Erdoğan", "erdogan", "TAYYIP ERDOGAN"])
def test_actors_fold_accents_and_case(api, world, q):
    assert found(api, "actors", q) == ids(world, "erdogan_actor")


@pytest.mark.parametrize("q", ["Erdoğan", "erdogan", "ERDOGAN AND PUTIN"])
def test_agreements_fold_accents_and_case_in_their_summary(api, world, q):
    assert found(api, "agreements", q) == ids(world, "sochi_memo")


@pytest.mark.parametrize("q", ["Erdoğan", "erdogan", "Erdogan"])
def test_quotations_fold_accents_and_case(api, world, q):
    assert found(api, "quotations", q) == ids(world, "quote_accented")


@pytest.mark.parametrize("q", ["Saraqib", "sarāqib", "SARAQIB"])
def test_events_fold_accents_and_case_in_their_place(api, world, q):
    assert found(api, "events", q) == ids(world, "in_saraqib")


def test_events_search_their_sentences_with_phrases_exclusions_and_alternatives(api, world):
    assert found(api, "events", "spring shield") == ids(world, "shield")
    assert found(api, "events", "spring") == ids(world, "shield", "other_event")
    assert found(api, "events", '"spring offensive"') == ids(world, "other_event")
    assert found(api, "events", "spring -shield") == ids(world, "other_event")
    assert found(api, "events", "erdogan") == ids(world, "other_event")  # "Erdoğan" in a sentence
    assert found(api, "events", "shield or saraqib") == ids(world, "shield", "in_saraqib")


def test_a_phrase_needs_its_words_together(api, world):
    # "observation" and "post" both stand in morek_apart, but not as one phrase
    assert found(api, "articles", "observation post Morek") == ids(world, "morek", "morek_apart")
    assert found(api, "articles", '"observation post" Morek') == ids(world, "morek")


def test_quotations_search_the_words_and_the_speaker_with_the_same_syntax(api, world):
    assert found(api, "quotations", '"must hold"') == ids(world, "quote_other")
    assert found(api, "quotations", "president") == ids(world, "quote_other")
    assert found(api, "quotations", "refugees or ceasefire") == ids(
        world, "quote_accented", "quote_other"
    )


# --- the parser --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Morek", [[Term("morek")]]),
        ('"observation  post" Morek,', [[Term("observation post"), Term("morek")]]),
        ('"joint patrols" -Kurdish', [[Term("joint patrols"), Term("kurdish", negated=True)]]),
        ('-"joint patrols"', [[Term("joint patrols", negated=True)]]),
        ("Sochi or Astana", [[Term("sochi")], [Term("astana")]]),
        ("a b OR c", [[Term("a"), Term("b")], [Term("c")]]),
        ("or Sochi or", [[Term("sochi")]]),
        ('"unclosed phrase', [[Term("unclosed phrase")]]),
        ('"" - , ', []),
        ("Erdoğan", [[Term("erdogan")]]),
    ],
)
def test_websearch_parse(value, expected):
    assert websearch_parse(value) == expected


def test_a_query_of_punctuation_only_leaves_the_list_alone(api, world):
    assert len(found(api, "articles", '"" ,')) == 9
