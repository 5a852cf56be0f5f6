"""Persisting what the pure extraction package (``apps.ingestion.extraction``) finds.

``extraction.article_extract`` runs the pipeline on a stored Article and writes its entities
(``entities.entities_store``), events and stated figures; ``entities.dictionary_store`` loads
the curated dictionaries. These are the only ingestion modules that write extraction output
to the database.
"""
