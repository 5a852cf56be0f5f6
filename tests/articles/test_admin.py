"""Articles in admin: upload files, re-run extraction, read the ingestion log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.articles.models import Article
from apps.ingestion.models import IngestionRecord
from tests.core.admin_builders import article_make, form_post_data

UPLOAD = "admin:articles_article_upload"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.INGESTION_UPLOAD_DIR = tmp_path / "uploads"
    return settings.INGESTION_UPLOAD_DIR


@pytest.mark.django_db
def test_changelist_offers_the_upload_page(admin_client):
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert reverse(UPLOAD) in html
    page = admin_client.get(reverse(UPLOAD))
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    assert "multiple" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_upload_ingests_each_file_and_reports_it(admin_client, uploads, seed_files):
    seed = seed_files[0]
    files = [
        SimpleUploadedFile(seed.name, seed.read_bytes(), content_type="text/plain"),
        SimpleUploadedFile("payload.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
    ]
    response = admin_client.post(reverse(UPLOAD), {"files": files})
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["results"]}

    good = rows[seed.name]
    assert good["outcome"] == "created", good["reason"]
    article = good["article"]
    assert Article.objects.filter(pk=article.pk).exists()
    html = response.content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert f"?article={article.pk}&amp;review_status=all" in html
    assert good["events"] == article.evidence.values("event").distinct().count()

    bad = rows["payload.exe"]
    assert bad["outcome"] == "rejected" and bad["reason"]
    assert bad["reason"] in html
    log = IngestionRecord.objects.filter(run__origin="admin")
    assert set(log.values_list("outcome", flat=True)) == {"created", "rejected"}


@pytest.mark.django_db
def test_upload_without_files_explains(admin_client, uploads):
    response = admin_client.post(reverse(UPLOAD), {})
    assert response.status_code == 200
    assert "Choose at least one file." in response.content.decode()


@pytest.mark.django_db
def test_rerun_extraction_action_calls_the_extractor(admin_client, monkeypatch):
    from apps.ingestion.persist import extraction as store

    calls = []

    def article_extract(article, *, force=False):
        calls.append((article.pk, force))
        if article.title == "broken":
            raise ValueError("no sentences")
        return {}

    monkeypatch.setattr(store, "article_extract", article_extract)
    ok, broken, untouched = article_make(), article_make(title="broken"), article_make()
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": [ok.pk, broken.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert sorted(calls) == sorted([(ok.pk, True), (broken.pk, True)])
    messages = [str(m) for m in response.context["messages"]]
    assert any("re-run on 1 article" in m for m in messages)
    assert any("broken: no sentences" in m for m in messages)
    assert untouched.pk not in {pk for pk, _ in calls}


@pytest.mark.django_db
def test_ingestion_log_filters_rejections_and_shows_reasons(admin_client):
    IngestionRecord.objects.create(path="a.txt", outcome="rejected", reason="no title found")
    IngestionRecord.objects.create(path="b.txt", outcome="created", article=article_make())
    response = admin_client.get(
        reverse("admin:ingestion_ingestionrecord_changelist") + "?outcome=rejected"
    )
    assert [r.path for r in response.context["cl"].result_list] == ["a.txt"]
    assert "no title found" in response.content.decode()
    record = IngestionRecord.objects.get(path="a.txt")
    change = admin_client.get(reverse("admin:ingestion_ingestionrecord_change", args=[record.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()


@pytest.mark.django_db
def test_editing_an_article_keeps_its_text_and_marks_it(admin_client):
    article = article_make()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_post_data(admin_client.get(url))
    assert "body" not in data  # the text is read-only: evidence points into it
    data["title"] = "A corrected title"
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "A corrected title" and article.editor_modified


@pytest.mark.django_db
def test_rerun_extraction_refuses_too_many_at_once(admin_client, monkeypatch):
    from apps.ingestion.admin import REEXTRACT_MAX
    from apps.ingestion.persist import extraction as store

    calls = []
    monkeypatch.setattr(store, "article_extract", lambda article, force=False: calls.append(1))
    ids = [article_make().pk for _ in range(REEXTRACT_MAX + 1)]
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": ids},
        follow=True,
    )
    assert calls == []
    assert any("manage.py reextract" in str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_setting_the_publication_date_in_admin_dates_waiting_events(admin_client, seed_files):
    import datetime

    from apps.events.models import Event
    from apps.ingestion.services import ingest_path

    (path,) = [p for p in seed_files if p.name.startswith("003_")]
    article = ingest_path(path).article
    strike = Event.objects.get(event_type="air_strike", evidence__article=article)
    assert strike.date is None and strike.date_expression.lower() == "last week"

    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_post_data(admin_client.get(url))
    data["published_on"], data["published_on_precision"] = "2019-08-27", "day"
    assert admin_client.post(url, data).status_code == 302

    article.refresh_from_db()
    strike.refresh_from_db()
    assert article.editor_modified and article.published_on == datetime.date(2019, 8, 27)
    assert (strike.date, strike.date_precision) == (datetime.date(2019, 8, 19), "week")
    assert article.history.latest().history_user.username == "admin"
