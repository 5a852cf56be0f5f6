"""On PostgreSQL, an index that answers "which article is this, and who published it" from
the index alone: an events page looks up the title and publisher of every article its
evidence cites, one by primary key, and the articles' table is mostly their bodies. Other
databases: nothing to do (SQLite has no index with included columns)."""

from django.db import migrations

from apps.core.migration_steps import on_postgresql

FORWARD = (
    "CREATE INDEX IF NOT EXISTS article_cited_idx ON articles_article (id) INCLUDE (title, source)"
)
BACKWARD = "DROP INDEX IF EXISTS article_cited_idx"


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_unaccent")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
