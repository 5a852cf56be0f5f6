"""factory_boy factories for every model the tests build rows of."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from apps.actors.models import Actor, ActorAlias, ActorKind
from apps.agreements.models import Agreement, AgreementAlias, AgreementKind, AgreementParty
from apps.articles.models import Article, Mention
from apps.events.models import Event, EventActor, Evidence, Role
from apps.places.models import ObservationPost, ObservationPostAlias, Place, PlaceKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("pass-word-123")

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        """``UserFactory(permissions=["events.change_event"])``: grant model permissions."""
        if not create or not extracted:
            return
        for dotted in extracted:
            app_label, codename = dotted.split(".")
            self.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Talks on Idlib, round {n}")
    body = factory.LazyAttribute(
        lambda o: f"{o.title}\n\nPresident Vladimir Putin met Recep Tayyip Erdogan in Sochi."
    )
    published_on = datetime.date(2019, 2, 14)
    published_on_precision = "day"
    published_on_source = "stated"
    source = "Reuters"
    author = "Staff"
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    source_file = factory.Sequence(lambda n: f"{n:03d}_article.txt")
    source_path = factory.LazyAttribute(lambda o: f"corpus/{o.source_file}")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = ActorKind.PERSON
    affiliation = ""


class ActorAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorAlias

    actor = factory.SubFactory(ActorFactory)
    alias = factory.Sequence(lambda n: f"Alias {n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    name = factory.Sequence(lambda n: f"Memorandum {n}")
    kind = AgreementKind.MEMORANDUM
    signed_on = datetime.date(2018, 9, 17)
    signed_on_precision = "day"
    summary = "Demilitarised zone and joint patrols."


class AgreementAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementAlias

    agreement = factory.SubFactory(AgreementFactory)
    alias = factory.Sequence(lambda n: f"Deal {n}")


class AgreementPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    actor = factory.SubFactory(ActorFactory)
    role = "signatory"


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Town {n}")
    kind = PlaceKind.TOWN
    country = "SYR"
    lat = 35.6
    lon = 36.6


class ObservationPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservationPost

    name = factory.Sequence(lambda n: f"Observation post {n}")
    agreement = factory.SubFactory(AgreementFactory)
    place = factory.SubFactory(PlaceFactory)
    status = "active"


class ObservationPostAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObservationPostAlias

    post = factory.SubFactory(ObservationPostFactory)
    alias = factory.Sequence(lambda n: f"Post {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    event_type = "meeting"
    cameo_code = "040"
    date = datetime.date(2019, 2, 14)
    date_precision = "day"
    summary = factory.Sequence(lambda n: f"Leaders met in Sochi ({n})")
    location_text = "Sochi"
    source_count = 1


class EventActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventActor

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Role.PARTICIPANT
    event_date = factory.SelfAttribute("event.date")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    event = factory.SubFactory(EventFactory)
    article = factory.SubFactory(ArticleFactory)
    quote = "President Vladimir Putin met Recep Tayyip Erdogan in Sochi."
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.quote))


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    start = factory.Sequence(lambda n: n * 10)
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    text = "Putin"
    actor = factory.SubFactory(ActorFactory)


def sample_knowledge():
    """A small, linked slice of the conflict: 5 actors, 3 agreements, 3 posts, 3 articles, 4 events.

    Returns a namespace of the rows so tests can refer to them by name.
    """
    import types

    putin = ActorFactory(name="Vladimir Putin", kind=ActorKind.PERSON, affiliation="RUS")
    erdogan = ActorFactory(name="Recep Tayyip Erdoğan", kind=ActorKind.PERSON, affiliation="TUR")
    turkey = ActorFactory(name="Turkey", kind=ActorKind.STATE, affiliation="TUR")
    saa = ActorFactory(name="Syrian Arab Army", kind=ActorKind.ARMED_FORCES, affiliation="SYR")
    hts = ActorFactory(name="Hayat Tahrir al-Sham", kind=ActorKind.ARMED_GROUP)
    ActorAliasFactory(actor=erdogan, alias="Erdogan")
    ActorAliasFactory(actor=hts, alias="HTS")
    ActorAliasFactory(actor=turkey, alias="Ankara")

    sochi = AgreementFactory(
        name="Sochi memorandum", kind=AgreementKind.MEMORANDUM, signed_on=datetime.date(2018, 9, 17)
    )
    moscow = AgreementFactory(
        name="Moscow additional protocol",
        kind=AgreementKind.PROTOCOL,
        signed_on=datetime.date(2020, 3, 5),
        summary="Ceasefire and a security corridor along the M4 highway.",
    )
    adana = AgreementFactory(
        name="Adana agreement", kind=AgreementKind.TREATY, signed_on=datetime.date(1998, 10, 20)
    )
    AgreementAliasFactory(agreement=moscow, alias="Sochi 2.0")
    AgreementPartyFactory(agreement=sochi, actor=putin)
    AgreementPartyFactory(agreement=sochi, actor=erdogan)
    AgreementPartyFactory(agreement=moscow, actor=putin)
    AgreementPartyFactory(agreement=moscow, actor=erdogan)
    AgreementPartyFactory(agreement=adana, actor=turkey)

    morek_place = PlaceFactory(name="Morek", lat=35.38, lon=36.67)
    saraqeb = PlaceFactory(name="Saraqeb", lat=35.86, lon=36.8)
    morek = ObservationPostFactory(
        name="Morek observation post", agreement=sochi, place=morek_place, status="encircled"
    )
    ObservationPostAliasFactory(post=morek, alias="Murak post")
    sarman = ObservationPostFactory(
        name="Sarman observation post", agreement=sochi, place=PlaceFactory(name="Sarman")
    )
    tal_tuqan = ObservationPostFactory(
        name="Tal Tuqan observation post", agreement=None, place=None, status="withdrawn"
    )

    summit = ArticleFactory(
        title="Putin, Erdogan seek to ease Syria tensions",
        body="Putin and Erdogan met in Sochi to discuss Idlib and the demilitarised zone.",
        published_on=datetime.date(2019, 2, 14),
        source="AFP",
    )
    strike = ArticleFactory(
        title="Turkish soldiers killed in Idlib air strike",
        body="An air strike near Saraqeb killed Turkish soldiers; Ankara blamed Damascus.",
        published_on=datetime.date(2020, 2, 28),
        source="Reuters",
    )
    protocol = ArticleFactory(
        title="Russia and Turkey agree Idlib ceasefire",
        body="Putin and Erdogan agreed a ceasefire in Moscow, with patrols on the M4 highway.",
        published_on=datetime.date(2020, 3, 6),
        source="Reuters",
    )
    for article, actor, text in [
        (summit, putin, "Putin"),
        (summit, erdogan, "Erdogan"),
        (strike, turkey, "Ankara"),
        (protocol, putin, "Putin"),
        (protocol, erdogan, "Erdogan"),
    ]:
        MentionFactory(article=article, actor=actor, text=text)
    MentionFactory(article=summit, actor=None, agreement=sochi, text="Sochi")
    MentionFactory(article=protocol, actor=None, agreement=moscow, text="ceasefire")

    meeting = EventFactory(
        event_type="meeting",
        cameo_code="040",
        date=datetime.date(2019, 2, 14),
        agreement=sochi,
        summary="Putin met Erdogan in Sochi",
        location_text="Sochi",
    )
    air_strike = EventFactory(
        event_type="air_strike",
        cameo_code="195",
        date=datetime.date(2020, 2, 27),
        place=saraqeb,
        observation_post=morek,
        fatalities=33,
        summary="Air strike on Turkish troops near Saraqeb",
        location_text="near Saraqeb",
        source_count=2,
    )
    ceasefire = EventFactory(
        event_type="ceasefire_agreed",
        cameo_code="057",
        date=datetime.date(2020, 3, 5),
        agreement=moscow,
        summary="Russia and Turkey agreed a ceasefire in Idlib",
        location_text="Moscow",
    )
    rejected = EventFactory(
        event_type="shelling",
        cameo_code="195",
        date=datetime.date(2019, 5, 1),
        review_status="rejected",
        summary="Shelling misread from a quote",
    )
    EventActorFactory(event=meeting, actor=putin)
    EventActorFactory(event=meeting, actor=erdogan)
    EventActorFactory(event=air_strike, actor=saa, role=Role.INITIATOR)
    EventActorFactory(event=air_strike, actor=turkey, role=Role.TARGET)
    EventActorFactory(event=ceasefire, actor=putin)
    EventActorFactory(event=ceasefire, actor=erdogan)
    EventActorFactory(event=rejected, actor=hts, role=Role.INITIATOR)
    EvidenceFactory(event=meeting, article=summit, quote="Putin and Erdogan met in Sochi")
    EvidenceFactory(event=air_strike, article=strike, quote="An air strike near Saraqeb")
    EvidenceFactory(event=ceasefire, article=protocol, quote="Putin and Erdogan agreed a ceasefire")
    EvidenceFactory(event=rejected, article=strike, quote="blamed Damascus", start=60)
    return types.SimpleNamespace(**locals())
