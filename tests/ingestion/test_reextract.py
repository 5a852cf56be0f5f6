"""The reextract command: all or chosen articles, a summary, a clear error for unknown ids."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.events.models import Event
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Turkey officially declared an operation against the Assad regime over the weekend, "
    'named "Spring Shield".\n\nTurkey said 34 soldiers died in an air strike last week '
    "blamed on Damascus."
)


def run(*args) -> str:
    out = StringIO()
    call_command("reextract", *args, stdout=out)
    return out.getvalue()


def test_reextracts_every_article_and_prints_a_summary():
    ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    ArticleFactory(body=BODY.replace("34", "thirty"), published_on=None)
    output = run()
    assert "articles 2" in output and "failed 0" in output
    assert Event.objects.filter(event_type="operation_declared").count() == 2
    dated = Event.objects.get(event_type="operation_declared", date__isnull=False)
    assert dated.date == datetime.date(2020, 2, 29)


def test_chosen_articles_only_and_stale_skips_current_ones():
    first = ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    ArticleFactory(body=BODY, published_on=datetime.date(2020, 3, 5))
    assert "articles 1" in run("--article", str(first.pk))
    assert "current 1" in run("--stale", "--article", str(first.pk))


def test_unknown_article_is_a_clear_error():
    with pytest.raises(CommandError, match="no article with id 999"):
        run("--article", "999")
