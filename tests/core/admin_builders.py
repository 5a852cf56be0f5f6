"""Small builders of knowledge rows for the admin, merge and role tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from apps.actors.models import Actor, ActorAlias, ActorPosition
from apps.agreements.models import Agreement, AgreementAlias, AgreementParty, AgreementRelation
from apps.articles.models import Article, Mention
from apps.events.models import Event, EventActor, EventFigure, Evidence, Quotation, StatedFigure
from apps.ingestion.models import IngestionRecord, IngestionRun
from apps.places.models import ObservationPost, ObservationPostAlias, Place, PlaceAlias

_seq = itertools.count(1)

BODY = (
    "Turkey and Russia agreed a ceasefire in Idlib on Thursday.\n\n"
    "Turkish troops shelled Syrian government positions near Saraqeb on 3 February 2020. "
    "Ankara said eight of its soldiers had been killed.\n\n"
    "The Sochi memorandum kept Turkey's 12 observation posts in place."
)
QUOTE = "Turkish troops shelled Syrian government positions near Saraqeb on 3 February 2020."


def article_make(**fields) -> Article:
    n = next(_seq)
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("body", BODY)
    fields.setdefault("published_on", dt.date(2020, 2, 4))
    fields.setdefault("published_on_precision", "day")
    fields.setdefault("source", "Example Wire")
    fields.setdefault("source_file", f"article-{n}.txt")
    fields.setdefault("source_path", f"corpus/article-{n}.txt")
    fields.setdefault("content_hash", hashlib.sha256(f"article-{n}".encode()).hexdigest())
    return Article.objects.create(**fields)


def actor_make(name: str | None = None, kind: str = "state", **fields) -> Actor:
    return Actor.objects.create(name=name or f"Actor {next(_seq)}", kind=kind, **fields)


def agreement_make(name: str | None = None, kind: str = "memorandum", **fields) -> Agreement:
    return Agreement.objects.create(name=name or f"Agreement {next(_seq)}", kind=kind, **fields)


def place_make(name: str | None = None, kind: str = "town", **fields) -> Place:
    return Place.objects.create(name=name or f"Place {next(_seq)}", kind=kind, **fields)


def post_make(name: str | None = None, **fields) -> ObservationPost:
    return ObservationPost.objects.create(name=name or f"Post {next(_seq)}", **fields)


def event_make(
    *, article: Article | None = None, actors=(), date=dt.date(2020, 2, 3), **fields
) -> Event:
    """An event cited by the QUOTE sentence of ``article``, with ``actors`` as (actor, role)."""
    fields.setdefault("event_type", "shelling")
    fields.setdefault("cameo_code", "194")
    event = Event.objects.create(date=date, date_precision="day", **fields)
    for actor, role in actors:
        EventActor.objects.create(event=event, actor=actor, role=role, event_date=date)
    if article is not None:
        start = article.body.index(QUOTE)
        Evidence.objects.create(
            event=event, article=article, quote=QUOTE, start=start, end=start + len(QUOTE)
        )
    return event


def mention_make(article: Article, text: str, **target) -> Mention:
    start = article.body.index(text)
    return Mention.objects.create(
        article=article, start=start, end=start + len(text), text=text, **target
    )


def one_of_everything(suffix: str = "") -> dict:
    """One row of every model the admin shows, linked the way extraction links them.

    ``suffix`` makes the names unique, to build several such sets in one database.
    """
    article = article_make()
    turkey = actor_make("Turkey" + suffix, affiliation="TUR")
    russia = actor_make("Russia" + suffix, affiliation="RUS")
    ActorAlias.objects.create(actor=turkey, alias="Ankara", source="dictionary")
    erdogan = actor_make("Recep Tayyip Erdogan" + suffix, kind="person")
    ActorPosition.objects.create(actor=erdogan, title="President of Turkey", country="TUR")
    sochi = agreement_make("Sochi memorandum" + suffix, signed_on=dt.date(2018, 9, 17))
    moscow = agreement_make("Moscow protocol" + suffix, signed_on=dt.date(2020, 3, 5))
    AgreementRelation.objects.create(
        agreement=moscow, relation="amends", other=sochi, curated=True, source="The protocol"
    )
    AgreementParty.objects.create(agreement=sochi, actor=turkey, role="signatory")
    AgreementAlias.objects.create(agreement=sochi, alias="Sochi deal")
    saraqeb = place_make("Saraqeb" + suffix, country="SYR", lat=35.86, lon=36.8)
    PlaceAlias.objects.create(place=saraqeb, alias="Sarakib")
    post = post_make("Morek" + suffix, agreement=sochi)
    ObservationPostAlias.objects.create(post=post, alias="Morek post")
    event = event_make(
        article=article,
        actors=[(turkey, "initiator"), (russia, "target")],
        place=saraqeb,
        agreement=sochi,
        observation_post=post,
    )
    mention = mention_make(article, "Turkish troops", actor=turkey)
    start = article.body.index("12 observation posts")
    figure = StatedFigure.objects.create(
        article=article,
        agreement=sochi,
        subject="observation_posts",
        value=12,
        quote="12 observation posts",
        start=start,
        end=start + 20,
    )
    EventFigure.objects.create(
        event=event, article=article, kind="killed", value=3, quote="12 observation posts",
        start=start, end=start + 20,
    )  # fmt: skip
    quotation = Quotation.objects.create(
        article=article,
        speaker=erdogan,
        speaker_text="Erdogan",
        text="12 observation posts",
        text_start=start,
        text_end=start + 20,
        quote="12 observation posts",
        start=start,
        end=start + 20,
        event=event,
    )
    run = IngestionRun.objects.create(origin="command", paths=["corpus"])
    record = IngestionRecord.objects.create(
        run=run, path=article.source_path, outcome="created", article=article
    )
    IngestionRecord.objects.create(
        run=run, path="corpus/empty.txt", outcome="rejected", reason="file is empty"
    )
    return {
        "article": article,
        "turkey": turkey,
        "russia": russia,
        "erdogan": erdogan,
        "sochi": sochi,
        "saraqeb": saraqeb,
        "post": post,
        "event": event,
        "mention": mention,
        "figure": figure,
        "quotation": quotation,
        "run": run,
        "record": record,
    }


def form_post_data(response) -> dict:
    """The POST data an admin change form would send unchanged (main form and inlines)."""

    def add_form(data, form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = str(value)

    data: dict = {}
    add_form(data, response.context["adminform"].form)
    inlines = (
        response.context["inline_admin_formsets"]
        if "inline_admin_formsets" in response.context
        else []
    )
    for inline in inlines:
        formset = inline.formset
        add_form(data, formset.management_form)
        for form in formset.forms:
            add_form(data, form)
    return data
