"""Citations built from dicts: one per article, the text line and the CSL-JSON item."""

import json
from datetime import date

import pytest

from apps.core.citations import CSL_TYPE, cite_articles, csl_json
from apps.core.dates import date_parts, date_text

ACCESSED = date(2025, 1, 9)


def article(**overrides):
    source = {
        "article_id": 5,
        "title": "Turkish soldiers killed in Idlib air strike",
        "publisher": "AFP",
        "published_on": date(2020, 2, 28),
        "precision": "day",
        "url": "https://news.example.org/idlib",
        "record_url": "https://kb.example.org/articles/5/",
    }
    source.update(overrides)
    return source


def sentence(source, quote="Thirty-four Turkish soldiers were killed.", start=120, **extra):
    return {"article": source, "quote": quote, "start": start, "end": start + len(quote), **extra}


@pytest.mark.parametrize(
    ("value", "precision", "text", "parts"),
    [
        (date(2020, 3, 5), "day", "5 Mar 2020", [[2020, 3, 5]]),
        (date(2020, 3, 5), "", "5 Mar 2020", [[2020, 3, 5]]),
        (date(2020, 2, 24), "week", "week of 24 Feb 2020", [[2020, 2, 24], [2020, 3, 1]]),
        (date(2020, 3, 1), "month", "Mar 2020", [[2020, 3]]),
        (date(2019, 1, 1), "year", "2019", [[2019]]),
    ],
)
def test_dates_at_their_precision(value, precision, text, parts):
    assert date_text(value, precision) == text
    assert date_parts(value, precision) == parts


def test_date_text_without_a_date():
    assert date_text(None, "day") == "undated"


def test_a_citation_gives_publisher_title_date_url_sentence_offsets_and_access_day():
    [citation] = cite_articles(
        [sentence(article(), url="https://kb.example.org/articles/5/#evidence-9")],
        accessed=ACCESSED,
    )
    assert citation["text"] == (
        "AFP, “Turkish soldiers killed in Idlib air strike”, 28 Feb 2020, "
        "https://news.example.org/idlib. Quoted: “Thirty-four Turkish soldiers were killed.” "
        "(characters 120–161 of the article's text, https://kb.example.org/articles/5/#evidence-9)."
        " Accessed 9 Jan 2025."
    )
    assert citation["csl"] == {
        "id": "article-5",
        "type": CSL_TYPE,
        "title": "Turkish soldiers killed in Idlib air strike",
        "container-title": "AFP",
        "issued": {"date-parts": [[2020, 2, 28]]},
        "URL": "https://news.example.org/idlib",
        "accessed": {"date-parts": [[2025, 1, 9]]},
        "note": "Quoted: “Thirty-four Turkish soldiers were killed.” (characters 120–161 of the "
        "article's text, https://kb.example.org/articles/5/#evidence-9)",
        "custom": {
            "quotes": [
                {"text": "Thirty-four Turkish soldiers were killed.", "start": 120, "end": 161}
            ]
        },
    }


@pytest.mark.parametrize(
    ("precision", "published", "shown", "parts"),
    [
        ("month", date(2020, 3, 1), "Mar 2020", [[2020, 3]]),
        ("year", date(2019, 1, 1), "2019", [[2019]]),
        ("week", date(2020, 2, 24), "week of 24 Feb 2020", [[2020, 2, 24], [2020, 3, 1]]),
    ],
)
def test_the_date_is_cited_at_its_precision(precision, published, shown, parts):
    [citation] = cite_articles(
        [sentence(article(published_on=published, precision=precision))], accessed=ACCESSED
    )
    assert f", {shown}, " in citation["text"]
    assert "1 Mar 2020" not in citation["text"] and "1 Jan 2019" not in citation["text"]
    assert citation["csl"]["issued"] == {"date-parts": parts}


def test_one_citation_per_article_quoting_each_sentence_once_in_text_order():
    first, second = article(), article(article_id=6, title="Another report", publisher="Reuters")
    citations = cite_articles(
        [
            sentence(first, "Later sentence.", start=300),
            sentence(second, "Reuters' sentence.", start=10),
            sentence(first, "Earlier sentence.", start=40),
            sentence(first, "Earlier sentence.", start=40),  # a second event's evidence
        ],
        accessed=ACCESSED,
    )
    assert [c["id"] for c in citations] == ["article-5", "article-6"]
    assert [q["start"] for q in citations[0]["quotes"]] == [40, 300]
    assert citations[0]["text"].index("Earlier sentence.") < citations[0]["text"].index("Later")
    assert citations[0]["csl"]["custom"]["quotes"] == [
        {"text": "Earlier sentence.", "start": 40, "end": 57},
        {"text": "Later sentence.", "start": 300, "end": 315},
    ]


def test_missing_url_date_and_publisher():
    source = article(url="", published_on=None, precision="", publisher="")
    [citation] = cite_articles([sentence(source)], accessed=ACCESSED)
    # Without the outlet's address, the article's page on this site is the URL.
    assert citation["csl"]["URL"] == "https://kb.example.org/articles/5/"
    assert "issued" not in citation["csl"] and "container-title" not in citation["csl"]
    assert citation["text"].startswith("“Turkish soldiers killed in Idlib air strike”, n.d., ")


def test_no_sentences_no_citations():
    assert cite_articles([], accessed=ACCESSED) == []
    assert json.loads(csl_json([])) == []


def test_csl_json_is_a_list_of_items_and_keeps_non_ascii():
    citations = cite_articles(
        [sentence(article(title="Erdoğan and Putin"), quote="“Ateşkes” ilan edildi.")],
        accessed=ACCESSED,
    )
    text = csl_json(citations)
    assert "Erdoğan" in text
    items = json.loads(text)
    assert [item["id"] for item in items] == ["article-5"]
    assert {"id", "type", "title", "container-title", "issued", "URL", "accessed", "note"} <= set(
        items[0]
    )
