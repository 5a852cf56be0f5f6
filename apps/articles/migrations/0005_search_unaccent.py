"""On PostgreSQL, build the articles' search vector from unaccented text, so that a search
for "Erdoğan" finds "Erdogan" and the other way round (the query is folded alike, see
``apps.core.search_text``). Other databases: nothing to do."""

from django.db import migrations

from apps.core.migration_steps import on_postgresql

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', unaccent(coalesce(NEW.title, ''))), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(NEW.body, ''))), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE articles_article SET title = title;
"""

# Back to the vector of migration 0002: the same trigger without ``unaccent``.
BACKWARD = (
    FORWARD.replace("CREATE EXTENSION IF NOT EXISTS unaccent;\n", "")
    .replace("unaccent(coalesce(NEW.title, ''))", "coalesce(NEW.title, '')")
    .replace("unaccent(coalesce(NEW.body, ''))", "coalesce(NEW.body, '')")
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_metadata_origin")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
