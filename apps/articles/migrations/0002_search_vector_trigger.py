"""On PostgreSQL, keep Article.search_vector current with a trigger and index it with GIN.

The title weighs more than the body. On other databases this migration does nothing and
article search falls back to a plain text match.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX IF NOT EXISTS article_search_vector_gin
    ON articles_article USING GIN (search_vector);
CREATE OR REPLACE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
CREATE TRIGGER articles_article_search_vector_trg
    BEFORE INSERT OR UPDATE OF title, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector_update();
UPDATE articles_article SET title = title;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector_update();
DROP INDEX IF EXISTS article_search_vector_gin;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
