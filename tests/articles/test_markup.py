import re

from apps.articles.markup import (
    Span,
    non_overlapping,
    paragraph_spans,
    render_article,
    render_spans,
)


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_paragraphs_split_on_blank_lines():
    text = "First line\ncontinues.\n\n  \nSecond.\n\nThird."
    html = render_spans(text, paragraph_spans(text))
    assert html.count("<p>") == 3
    assert "<p>First line\ncontinues.</p>" in html


def test_text_is_escaped_and_nothing_lost():
    text = 'He said "<script>alert(1)</script>" & left.'
    html = render_spans(text, [Span(3, 7, "b")])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        _strip_tags(html)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        == text
    )


def test_attribute_values_are_escaped():
    html = render_spans("abc", [Span(0, 3, "a", attrs={"title": '"><script>x</script>'})])
    assert "<script>" not in html
    assert 'title="&quot;&gt;&lt;script&gt;' in html


def test_nested_spans_stay_nested():
    text = "Erdogan met Putin in Moscow."
    spans = [
        Span(0, len(text), "span", once={"id": "evidence-1"}, layer=1),
        Span(0, 7, "a", layer=2),
        Span(12, 17, "a", layer=2),
    ]
    html = render_spans(text, spans)
    assert html == '<span id="evidence-1"><a>Erdogan</a> met <a>Putin</a> in Moscow.</span>'


def test_identical_spans_nest_and_keep_both_ids():
    html = render_spans(
        "Same sentence.",
        [
            Span(0, 14, "span", once={"id": "evidence-1"}, layer=1),
            Span(0, 14, "span", once={"id": "evidence-2"}, layer=1),
        ],
    )
    assert 'id="evidence-1"' in html and 'id="evidence-2"' in html
    assert html.count("<span") == html.count("</span>") == 2


def test_crossing_spans_are_closed_and_reopened_without_repeating_ids():
    text = "abcdefghij"
    spans = [
        Span(0, 6, "span", attrs={"class": "evidence"}, once={"id": "evidence-1"}, layer=1),
        Span(4, 9, "a", attrs={"class": "mention"}, layer=2),
    ]
    html = render_spans(text, spans)
    assert html == (
        '<span class="evidence" id="evidence-1">abcd<a class="mention">ef</a></span>'
        '<a class="mention">ghi</a>j'
    )
    assert html.count('id="evidence-1"') == 1


def test_spans_crossing_a_paragraph_break_stay_well_formed():
    text = "One two.\n\nThree four."
    html = render_article(text, [Span(4, 15, "em", once={"id": "x"}, layer=1)])
    assert html == '<p>One <em id="x">two.</em></p>\n\n<p><em>Three</em> four.</p>'


def test_spans_outside_the_text_are_clipped_or_dropped():
    html = render_spans("short", [Span(2, 99, "b"), Span(50, 60, "i"), Span(3, 3, "u")])
    assert html == "sh<b>ort</b>"


def test_non_overlapping_keeps_the_longest_mention():
    spans = [Span(0, 7, "a"), Span(0, 40, "a"), Span(30, 45, "a"), Span(41, 50, "a")]
    kept = non_overlapping(spans)
    assert [(s.start, s.end) for s in kept] == [(0, 40), (41, 50)]
