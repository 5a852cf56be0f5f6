"""A small, hand-made slice of the conflict for the browse page tests.

Built through the ORM so the page tests do not depend on the extractor; offsets are computed
from the article text, as the extractor's would be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from apps.actors.models import Actor, ActorAlias, ActorKind
from apps.agreements.models import Agreement, AgreementAlias, AgreementKind, AgreementParty
from apps.articles.models import Article, Mention
from apps.events.models import Event, EventActor, Evidence
from apps.places.models import ObservationPost, Place, PlaceKind, PostStatus

SUMMIT_ARTICLE = (
    "Putin and Erdogan agree a ceasefire in Idlib\n\n"
    "Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin met in Moscow "
    "on Thursday and agreed a ceasefire in Idlib. "
    "The deal sets up a secure corridor along the M4 highway with joint patrols.\n\n"
    "Syrian troops had encircled the Turkish observation post near Morek last year."
)
ATTACK_ARTICLE = (
    "Syrian jet strikes Turkish convoy\n\n"
    "A Syrian fighter jet attacked a Turkish military convoy near Morek, killing three servicemen. "
    "Ankara said the operation violated the Sochi memorandum."
)


@dataclass
class World:
    actors: dict[str, Actor] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    posts: dict[str, ObservationPost] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)


def make_article(title: str, body: str, *, published_on: date | None, key: str) -> Article:
    return Article.objects.create(
        title=title,
        body=body,
        published_on=published_on,
        published_on_precision="day" if published_on else "",
        source="Test Wire",
        source_file=f"{key}.txt",
        source_path=f"corpus/{key}.txt",
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
    )


def mention(article: Article, words: str, *, nth: int = 0, **target) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = article.body.index(words, start + 1)
    return Mention.objects.create(
        article=article, start=start, end=start + len(words), text=words, **target
    )


def make_event(
    event_type: str,
    when: date | None,
    *,
    article: Article,
    sentence: str,
    actors: list[tuple[Actor, str]],
    **fields,
) -> tuple[Event, Evidence]:
    event = Event.objects.create(
        event_type=event_type,
        cameo_code=fields.pop("cameo_code", "040"),
        date=when,
        date_precision="day" if when else "",
        source_count=1,
        **fields,
    )
    for actor, role in actors:
        EventActor.objects.create(
            event=event, actor=actor, role=role, mention_text=actor.name, event_date=when
        )
    start = article.body.index(sentence)
    evidence = Evidence.objects.create(
        event=event, article=article, quote=sentence, start=start, end=start + len(sentence)
    )
    return event, evidence


def build_world() -> World:
    w = World()
    a = w.actors
    a["erdogan"] = Actor.objects.create(
        name="Recep Tayyip Erdogan",
        kind=ActorKind.PERSON,
        affiliation="TUR",
        description="President of Turkey",
    )
    ActorAlias.objects.create(actor=a["erdogan"], alias="Erdoğan")
    a["putin"] = Actor.objects.create(
        name="Vladimir Putin", kind=ActorKind.PERSON, affiliation="RUS"
    )
    a["turkey"] = Actor.objects.create(name="Turkey", kind=ActorKind.STATE, affiliation="TUR")
    ActorAlias.objects.create(actor=a["turkey"], alias="Ankara")
    a["russia"] = Actor.objects.create(name="Russia", kind=ActorKind.STATE, affiliation="RUS")
    a["saa"] = Actor.objects.create(
        name="Syrian Arab Army", kind=ActorKind.ARMED_FORCES, affiliation="SYR"
    )
    a["hts"] = Actor.objects.create(name="Hayat Tahrir al-Sham", kind=ActorKind.ARMED_GROUP)
    ActorAlias.objects.create(actor=a["hts"], alias="HTS")

    g = w.agreements
    g["sochi"] = Agreement.objects.create(
        name="Sochi memorandum",
        kind=AgreementKind.MEMORANDUM,
        signed_on=date(2018, 9, 17),
        signed_on_precision="day",
        summary="A demilitarised zone around Idlib, joint patrols, Turkish posts kept.",
    )
    g["moscow"] = Agreement.objects.create(
        name="Moscow additional protocol",
        kind=AgreementKind.PROTOCOL,
        signed_on=date(2020, 3, 5),
        signed_on_precision="day",
        summary="A ceasefire and a security corridor along the M4 highway.",
    )
    AgreementAlias.objects.create(agreement=g["moscow"], alias="Sochi 2.0")
    for key in ("sochi", "moscow"):
        AgreementParty.objects.create(agreement=g[key], actor=a["russia"], role="signatory")
        AgreementParty.objects.create(agreement=g[key], actor=a["turkey"], role="signatory")

    p = w.places
    p["morek"] = Place.objects.create(name="Morek", kind=PlaceKind.TOWN, lat=35.37, lon=36.68)
    p["moscow"] = Place.objects.create(name="Moscow", kind=PlaceKind.CITY, lat=55.75, lon=37.62)
    p["idlib"] = Place.objects.create(name="Idlib", kind=PlaceKind.REGION, lat=35.93, lon=36.63)
    w.posts["morek"] = ObservationPost.objects.create(
        name="Morek observation post",
        agreement=g["sochi"],
        place=p["morek"],
        status=PostStatus.ENCIRCLED,
    )

    summit = w.articles["summit"] = make_article(
        "Putin and Erdogan agree a ceasefire in Idlib",
        SUMMIT_ARTICLE,
        published_on=date(2020, 3, 6),
        key="summit",
    )
    attack = w.articles["attack"] = make_article(
        "Syrian jet strikes Turkish convoy",
        ATTACK_ARTICLE,
        published_on=date(2019, 8, 20),
        key="attack",
    )
    mention(summit, "Recep Tayyip Erdogan", actor=a["erdogan"])
    mention(summit, "Vladimir Putin", actor=a["putin"])
    mention(summit, "Idlib", nth=1, place=p["idlib"])
    mention(summit, "Morek", observation_post=w.posts["morek"])
    mention(attack, "Ankara", actor=a["turkey"])
    mention(attack, "Sochi memorandum", agreement=g["sochi"])

    w.events["summit"], w.evidence["summit"] = make_event(
        "meeting",
        date(2020, 3, 5),
        article=summit,
        sentence="Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin "
        "met in Moscow on Thursday and agreed a ceasefire in Idlib.",
        actors=[(a["erdogan"], "participant"), (a["putin"], "participant")],
        place=p["moscow"],
        agreement=g["moscow"],
        summary="Putin and Erdogan meet in Moscow",
    )
    w.events["corridor"], w.evidence["corridor"] = make_event(
        "agreement_signed",
        date(2020, 3, 5),
        article=summit,
        sentence="The deal sets up a secure corridor along the M4 highway with joint patrols.",
        actors=[(a["russia"], "participant"), (a["turkey"], "participant")],
        agreement=g["moscow"],
        cameo_code="057",
    )
    w.events["strike"], w.evidence["strike"] = make_event(
        "air_strike",
        date(2019, 8, 19),
        article=attack,
        sentence="A Syrian fighter jet attacked a Turkish military convoy near Morek, "
        "killing three servicemen.",
        actors=[(a["saa"], "initiator"), (a["turkey"], "target")],
        place=p["morek"],
        observation_post=w.posts["morek"],
        fatalities=3,
        cameo_code="195",
    )
    w.events["accusation"], w.evidence["accusation"] = make_event(
        "accusation",
        None,
        article=attack,
        sentence="Ankara said the operation violated the Sochi memorandum.",
        actors=[(a["turkey"], "initiator"), (a["erdogan"], "participant")],
        agreement=g["sochi"],
        cameo_code="112",
    )
    w.events["encircled"], w.evidence["encircled"] = make_event(
        "siege",
        date(2019, 8, 23),
        article=summit,
        sentence="Syrian troops had encircled the Turkish observation post near Morek last year.",
        actors=[(a["saa"], "initiator"), (a["erdogan"], "target")],
        observation_post=w.posts["morek"],
        place=p["morek"],
    )
    return w


def add_filler_events(world: World, count: int) -> None:
    """``count`` more events, each with two actors and a cited sentence, for query-count tests."""
    article = world.articles["attack"]
    sentence = "A Syrian fighter jet attacked a Turkish military convoy near Morek"
    start = article.body.index(sentence)
    for i in range(count):
        event = Event.objects.create(
            event_type="shelling",
            cameo_code="195",
            date=date(2019, 1 + i % 12, 1 + i % 27),
            date_precision="day",
            place=world.places["morek"],
            agreement=world.agreements["sochi"],
            observation_post=world.posts["morek"],
            summary=f"Shelling number {i}",
        )
        actor = Actor.objects.create(name=f"Brigade {i}", kind=ActorKind.ARMED_GROUP)
        EventActor.objects.create(event=event, actor=world.actors["erdogan"], role="target")
        EventActor.objects.create(event=event, actor=actor, role="initiator")
        Evidence.objects.create(
            event=event, article=article, quote=sentence, start=start, end=start + len(sentence)
        )
        Mention.objects.create(
            article=Article.objects.create(
                title=f"Report {i}",
                body="Erdogan spoke.",
                source_file=f"r{i}.txt",
                source_path=f"corpus/r{i}.txt",
                content_hash=hashlib.sha256(f"report-{i}".encode()).hexdigest(),
            ),
            start=0,
            end=7,
            text="Erdogan",
            actor=world.actors["erdogan"],
        )
