"""A small knowledge base with every kind of row, editors' work and history, for the
reliability tests."""

from datetime import date

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from rest_framework.authtoken.models import Token

from apps.actors.models import Actor, ActorAlias, ActorPosition
from apps.agreements.models import Agreement, AgreementAlias, AgreementParty, AgreementRelation
from apps.articles.models import Article, Mention
from apps.core.choices import ReviewStatus
from apps.core.roles import EDITORS, REVIEWERS, roles_setup
from apps.core.services import record_editor_update, records_set_review_status
from apps.events.models import Event, EventActor, EventFigure, Evidence, Quotation, StatedFigure
from apps.ingestion.models import IngestionRecord, IngestionRun
from apps.places.models import ObservationPost, ObservationPostAlias, Place, PlaceAlias


def build_knowledge_base():
    editors = Group.objects.create(name="Backup editors")
    editors.permissions.add(*Permission.objects.filter(codename__in=["change_actor", "view_actor"]))
    editor = User.objects.create_user("nadia", "nadia@example.org", "pw", first_name="Nadia")
    # A role group recreated after its first migrate: its key no longer matches a fresh one.
    Group.objects.filter(name=REVIEWERS).delete()
    roles_setup()
    editor.groups.add(editors, Group.objects.get(name=EDITORS))
    editor.user_permissions.add(Permission.objects.get(codename="change_event"))
    token = Token.objects.create(user=editor)

    run = IngestionRun.objects.create(origin="command", paths=["corpus/a.txt"], totals={"ok": 2})
    body = "Putin met Erdoğan in Sochi on 17 September 2018.\n\nTurkish troops held Morek."
    article = Article.objects.create(
        title="Sochi memorandum <script>alert(1)</script>",
        body=body,
        published_on=date(2018, 9, 18),
        published_on_precision="day",
        published_on_source="stated",
        published_on_evidence="18 September 2018",
        source="Example Wire",
        author="A. Reporter",
        url="https://example.org/a?x=1&y=ü",
        related_links=[{"title": "Ünïcode “quotes”", "url": "https://example.org/b"}],
        metadata_from_sidecar=["url"],
        parse_notes=["decoded as cp1252"],
        source_file="a.txt",
        source_path="corpus/a.txt",
        content_hash="a" * 64,
        extractor_version="1.0",
    )
    second = Article.objects.create(
        title="Undated piece",
        body="Nothing dated.",
        source_file="b.md",
        source_path="corpus/b.md",
        content_hash="b" * 64,
    )
    IngestionRecord.objects.create(run=run, path="corpus/a.txt", outcome="created", article=article)
    IngestionRecord.objects.create(
        run=run, path="corpus/c.bin", outcome="rejected", reason="binary"
    )

    putin = Actor.objects.create(
        name="Vladimir Putin", kind="person", affiliation="RUS", dictionary_key="actor:putin"
    )
    erdogan = Actor.objects.create(name="Recep Tayyip Erdoğan", kind="person", affiliation="TUR")
    turkey = Actor.objects.create(name="Turkey", kind="state", affiliation="TUR")
    ActorAlias.objects.create(actor=erdogan, alias="Erdogan", source="dictionary")
    ActorAlias.objects.create(actor=turkey, alias="Ankara")
    ActorPosition.objects.create(
        actor=erdogan, title="President", country="RUS", start=date(2012, 5, 7)
    )
    sochi = Agreement.objects.create(
        name="Sochi memorandum",
        kind="memorandum",
        signed_on=date(2018, 9, 17),
        signed_on_precision="day",
        summary="Demilitarised zone.",
    )
    astana = Agreement.objects.create(name="Astana memorandum", kind="memorandum")
    AgreementRelation.objects.create(
        agreement=sochi, relation="implements", other=astana, curated=True,
        source="Sochi memorandum, preamble", source_url="https://example.org/sochi",
    )  # fmt: skip
    AgreementParty.objects.create(agreement=sochi, actor=putin, role="signatory")
    AgreementParty.objects.create(agreement=sochi, actor=erdogan, role="signatory")
    AgreementAlias.objects.create(agreement=sochi, alias="Sochi agreement")
    morek = Place.objects.create(name="Morek", kind="town", country="SYR", lat=35.37, lon=36.67)
    PlaceAlias.objects.create(place=morek, alias="Murak")
    post = ObservationPost.objects.create(
        name="Morek post",
        agreement=sochi,
        place=morek,
        status="encircled",
        established_on=date(2018, 4, 7),
    )
    ObservationPostAlias.objects.create(post=post, alias="Morek observation post")
    event = Event.objects.create(
        event_type="sign_agreement",
        cameo_code="057",
        date=date(2018, 9, 17),
        date_precision="day",
        summary="Signed.",
        place=morek,
        agreement=sochi,
        observation_post=post,
        fatalities=0,
        fingerprint="f" * 64,
        source_count=2,
        date_is_relative=True,
        date_expression="on Monday",
    )
    EventActor.objects.create(
        event=event, actor=putin, role="initiator", mention_text="Putin", event_date=event.date
    )
    EventActor.objects.create(event=event, actor=erdogan, role="participant", event_date=event.date)
    Evidence.objects.create(event=event, article=article, quote=body[:48], start=0, end=48)
    StatedFigure.objects.create(
        article=article,
        agreement=sochi,
        subject="observation_posts",
        value=12,
        quote="12 posts",
        start=0,
        end=8,
    )
    EventFigure.objects.create(
        event=event, article=article, kind="killed", value=3, qualifier="at least",
        quote=body[:48], start=0, end=48,
    )  # fmt: skip
    quotation = Quotation.objects.create(
        article=article,
        speaker=erdogan,
        speaker_text="Erdoğan",
        text="met Erdoğan",
        text_start=6,
        text_end=17,
        quote=body[:48],
        start=0,
        end=48,
        said_on=date(2018, 9, 17),
        said_on_precision="day",
        partial=True,
        event=event,
    )
    Mention.objects.create(article=article, start=0, end=5, text="Putin", actor=putin)
    Mention.objects.create(article=article, start=30, end=35, text="Sochi", place=morek)
    Mention.objects.create(article=second, start=0, end=7, text="Nothing", agreement=sochi)
    Mention.objects.create(article=second, start=8, end=13, text="dated", observation_post=post)

    # Editors' work: history rows with a user, editor flags and review states.
    record_editor_update(erdogan, changes={"description": "President of Turkey"}, user=editor)
    record_editor_update(event, changes={"fatalities": 3}, user=editor)
    record_editor_update(quotation, changes={"speaker_text": "President Erdoğan"}, user=editor)
    records_set_review_status([sochi, post], status=ReviewStatus.VERIFIED, user=editor)
    records_set_review_status([turkey], status=ReviewStatus.REJECTED, user=editor)
    Article.objects.filter(pk=second.pk).update(editor_modified=True)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Actor),
        object_id=str(erdogan.pk),
        object_repr=str(erdogan),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Description"]}}]',
    )
    putin.delete()  # deleted records survive in history
    return {
        "editor": editor,
        "token": token.key,
        "article": article,
        "actor": erdogan,
        "event": event,
        "agreement": sochi,
        "post": post,
    }
