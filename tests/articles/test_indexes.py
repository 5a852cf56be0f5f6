"""Indexes that only PostgreSQL has, created by the articles' migrations."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index"),
]


def test_an_article_cited_by_evidence_is_read_from_its_index():
    """An events page reads each cited article's title and publisher by its id: the index
    holds both, so the lookup need not touch the table of bodies."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles_article' "
            "AND indexname = 'article_cited_idx'"
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith("btree (id) INCLUDE (title, source)")
