from django.db import migrations

from bantin.search import pg


class Migration(migrations.Migration):
    """PostgreSQL's word counts for "did you mean" follow every change to the index (a
    trigger on the vectors' table) instead of waiting for the next rebuild. SQLite's
    vocabulary is FTS5's own and always current: nothing to do there."""

    dependencies = [("portal_search", "0005_question_kind")]

    operations = [migrations.RunPython(pg.create_word_triggers, pg.drop_word_triggers)]
