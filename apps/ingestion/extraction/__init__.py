"""Entity and event extraction over an article's clean text (pure Python, no ORM).

``extract(text, published_on=..., precision=...)`` in ``pipeline.py`` runs
``entities.extract_entities`` and then ``events.extract_events`` and returns an ``Extraction``.
"""
