"""The ingest command: one line per file, totals, exit status, progress bar, broker errors."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.articles.models import Article
from apps.ingestion.models import IngestionRecord, IngestionRun
from config.celery_app import app

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = (
    "Turkish Convoy Reaches Morek\n\n"
    "A Turkish military convoy reached the observation post at Morek on Tuesday, the Turkish "
    "defence ministry said, days after Syrian troops surrounded the post.\n"
)


def ingest(*paths, **options) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=StringIO(), **options)
    except CommandError as err:
        return out.getvalue(), err
    return out.getvalue(), None


def snapshot():
    return (
        list(Article.objects.order_by("pk").values()),
        Article.history.count(),
    )


def test_seeds_go_in_then_are_unchanged(seeds_dir):
    out, err = ingest(seeds_dir)
    assert err is None
    lines = out.splitlines()
    assert [line.rsplit(": ", 1)[1] for line in lines[:5]] == ["created"] * 5
    assert lines[-1] == "5 files: 5 created, 0 updated, 0 unchanged, 0 duplicate, 0 rejected"
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Idlib exposes limits of Russia and Turkey’s strategic partnership" in titles

    before = snapshot()
    out, err = ingest(seeds_dir)
    assert err is None
    assert [line.rsplit(": ", 1)[1] for line in out.splitlines()[:5]] == ["unchanged"] * 5
    assert snapshot() == before


def test_a_batch_leaves_no_co_actor_changes_for_readers_to_fold(seeds_dir):
    """The batch's changes to the pair counts are folded when it ends: none is pending, and
    the counts are what counting every pair again gives."""
    from apps.events.models import ActorPair, ActorPairDelta
    from apps.events.pairs import actor_pairs_rebuild

    out, err = ingest(seeds_dir)
    assert err is None
    assert not ActorPairDelta.objects.exists()
    folded = set(ActorPair.objects.values_list("actor_id", "other_id", "shared"))
    assert folded
    actor_pairs_rebuild()
    assert set(ActorPair.objects.values_list("actor_id", "other_id", "shared")) == folded


def test_folder_with_bad_files_a_copy_and_a_new_article(tmp_path, seed_files):
    ingest(seed_files[0])
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "huge.txt").write_bytes(b"Turkey said. " * (10 * 1024 * 1024 // 13 + 1))
    shutil.copy(seed_files[0], folder / "renamed-copy.txt")
    (folder / "new.txt").write_text(GOOD)

    out, err = ingest(folder)
    lines = dict(line.rsplit(": ", 1) if "rejected" not in line else line.split(": ", 1)
                 for line in out.splitlines()[:-1])  # fmt: skip
    by_name = {key.rsplit("/", 1)[-1]: value for key, value in lines.items()}
    assert by_name["empty.txt"] == "rejected: empty file"
    assert by_name["binary.txt"].startswith("rejected: binary file")
    assert by_name["huge.txt"].startswith("rejected: file too large (10.0 MB")
    assert by_name["renamed-copy.txt"].startswith("duplicate of ")
    assert by_name["renamed-copy.txt"].endswith(seed_files[0].name)
    assert by_name["new.txt"] == "created"
    assert out.splitlines()[-1].startswith("5 files: 1 created, 0 updated, 0 unchanged, 1 dup")
    assert err is not None and "3 of 5 files not ingested" in str(err)
    assert Article.objects.count() == 2
    assert IngestionRecord.objects.filter(outcome="rejected").count() == 3


def test_progress_bar_only_for_many_files(tmp_path, capsys):
    for index in range(21):
        (tmp_path / f"{index:02d}.txt").write_text(GOOD.replace("Tuesday", f"day {index}"))
    ingest(tmp_path)
    assert "21/21" in capsys.readouterr().err
    ingest(tmp_path / "00.txt")
    assert "1/1" not in capsys.readouterr().err


def test_unreachable_broker_is_one_clear_error(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(GOOD)
    dead = "redis://127.0.0.1:1/0"
    monkeypatch.setenv("CELERY_BROKER_URL", dead)  # Celery reads it before its own setting
    old = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_write_url")}
    app.conf.update(task_always_eager=False, broker_url=dead, broker_write_url=dead)
    try:
        out, err = ingest(tmp_path)
    finally:
        app.conf.update(old)
    assert err is not None
    message = str(err)
    assert "cannot reach the task broker" in message and "run the command again" in message
    assert "\n" not in message
    assert not IngestionRun.objects.exists() and not Article.objects.exists()


def test_nothing_to_ingest(tmp_path):
    _, err = ingest(tmp_path)
    assert err is not None and "no files found" in str(err)
