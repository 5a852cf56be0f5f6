"""Front matter, Markdown with HTML inside, and feed files with several articles."""

import json
import textwrap

import pytest

from apps.ingestion.documents import IngestionError
from apps.ingestion.formats.frontmatter import front_matter_split
from apps.ingestion.formats.markdown import markdown_text
from apps.ingestion.parsers import parse_file_items, parse_text

BODY = (
    "Turkish troops were attacked near Saraqib on Thursday, the defence ministry said. "
    "The ministry said the army returned fire on government positions in Idlib."
)


def test_yaml_front_matter_gives_title_date_author_and_address():
    text = (
        "---\nlayout: post\ntitle : Normalise the Talks\nauthor: Jane Roe\n"
        "date  : 2024-08-06 12:00:00 +0800\ncanonical_url: https://example.org/a/b\n---\n\n"
        f"{BODY}\n"
    )
    article = parse_text(text, filename="post.md")
    assert article.title == "Normalise the Talks"
    assert str(article.published_on) == "2024-08-06"
    assert article.author == "Jane Roe"
    assert article.url == "https://example.org/a/b"
    assert article.metadata_origin["title"] == "front matter 'title'"
    assert article.metadata_origin["published_on"] == "front matter 'date'"
    assert "layout" not in article.body and "title" not in article.body


def test_toml_front_matter_is_read():
    text = f'+++\ntitle = "Episode 9 - Talks"\nDate = 2024-12-05T11:00:00-08:00\n+++\n\n{BODY}\n'
    article = parse_text(text, filename="episode.md")
    assert article.title == "Episode 9 - Talks"
    assert str(article.published_on) == "2024-12-05"


def test_front_matter_a_parser_refuses_is_read_line_by_line():
    # "key: a: b" is no valid YAML ("mapping values are not allowed here")
    text = f"---\ntitle: Talks: what failed\ndate: 2024-12-09\n---\n\n{BODY}\n"
    matter = front_matter_split(text)
    assert matter.title == "Talks: what failed"
    assert str(matter.published) == "2024-12-09"
    assert matter.notes and "line by line" in matter.notes[0]


def test_a_mirror_date_is_not_the_article_date():
    text = (
        f"---\ntitle: Battle of Somewhere\nauthor: Wikipedia\npubDate: 2023-08-01\n---\n\n{BODY}\n"
    )
    article = parse_text(text, filename="mirror.md")
    assert article.published_on is None
    # nor do the dates of the events it describes date it
    dated = text.replace(BODY, "On Saturday 14 February 2016, " + BODY)
    assert parse_text(dated, filename="mirror.md").published_on is None
    assert any("copy date" in note for note in article.notes)


def test_headline_beats_a_rubric_and_html_and_shortcodes_are_removed():
    text = (
        "![map](https://example.org/m.png)\n\n## The battle for Idlib\n\n"
        '# Turkey and Russia trade blame\n\n{{< tweet user="x" id="1" >}}\n\n'
        '<div id="div-gpt-ad-123"><p>Advert text here</p></div>\n\n'
        f'<p style="x">{BODY} &#8220;Quoted&#8221; &hellip;</p>\n\n'
        "<audio controls>Your browser does not support the audio element.</audio>\n"
    )
    article = parse_text(text, filename="page.md")
    assert article.title == "Turkey and Russia trade blame"
    assert "“Quoted” …" in article.body
    for debris in ("tweet", "Advert", "audio element", "<p", "&#8220;", "battle for Idlib"):
        assert debris not in article.body


def test_the_date_in_the_articles_own_address_dates_it():
    text = (
        f"---\nurl: https://www.example.com/2024/12/07/world/talks.html\n---\n\n# Talks\n\n{BODY}\n"
    )
    article = parse_text(text, filename="clip.md")
    assert str(article.published_on) == "2024-12-07"
    assert article.metadata_origin["published_on"].startswith("url path")


def test_a_link_in_the_text_does_not_date_it():
    text = f"# Talks\n\n{BODY} See [more](https://example.com/2019/01/02/older.html).\n"
    assert parse_text(text, filename="a.md").published_on is None


def test_markdown_keeps_line_breaks_for_the_cleaning_steps():
    assert markdown_text("Share on X\nShare on Facebook\n").splitlines()[:2] == [
        "Share on X",
        "Share on Facebook",
    ]


@pytest.fixture
def json_feed(tmp_path):
    entries = [
        {
            "title": f"Entry {n}: talks on Idlib",
            "description": f"Officials met on Sunday for round {n} of talks.",
            "link": f"https://www.bbc.com/news/articles/x{n}",
            "date_published": f"2024-12-0{n}T10:00:00+00:00",
            "source_url": "https://feeds.example.org/rss.xml",
        }
        for n in range(1, 4)
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_a_json_feed_is_one_article_per_entry(json_feed):
    items = parse_file_items(json_feed)
    assert [a.title for a in items] == [f"Entry {n}: talks on Idlib" for n in range(1, 4)]
    assert [str(a.published_on) for a in items] == ["2024-12-01", "2024-12-02", "2024-12-03"]
    assert items[0].url == "https://www.bbc.com/news/articles/x1"
    assert items[0].body.startswith("Entry 1: talks on Idlib\n\nOfficials met on Sunday")


def test_a_markdown_feed_dump_is_one_article_per_entry(tmp_path):
    sections = "".join(
        f"## Headline number {n} about Syria\n - [https://www.aljazeera.com/news/{n}]"
        f"(https://www.aljazeera.com/news/{n})\n - RSS feed: $source\n"
        f" - date published: 2024-12-0{n}T22:29:38+00:00\n\nSummary &#039;{n}&#039; of it.\n\n"
        for n in range(1, 5)
    )
    path = tmp_path / "feed.md"
    path.write_text(f"# Source:Aljazeera, URL:https://x.org/rss, language:en\n\n{sections}")
    items = parse_file_items(path)
    assert len(items) == 4
    assert items[1].title == "Headline number 2 about Syria"
    assert items[1].body == "Headline number 2 about Syria\n\nSummary '2' of it."
    assert str(items[3].published_on) == "2024-12-04"
    assert "RSS feed" not in items[0].body


def test_a_json_file_that_is_no_feed_is_refused_by_name(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(IngestionError, match="news feed"):
        parse_file_items(path)


@pytest.mark.django_db
def test_a_feed_file_is_ingested_as_one_article_per_entry_in_one_record(json_feed):
    from apps.articles.models import Article
    from apps.ingestion.services import ingest_path

    record = ingest_path(json_feed, extract=False)
    assert record.outcome == "created"
    assert record.reason == "3 feed entries: 3 created"
    paths = sorted(Article.objects.values_list("source_path", flat=True))
    assert [p.rsplit("#", 1)[1] for p in paths] == ["1", "2", "3"]
    assert Article.objects.get(source_path=paths[0]).metadata_origin["url"] == "feed entry 'link'"
    again = ingest_path(json_feed, extract=False)
    assert again.outcome == "unchanged"
    assert Article.objects.count() == 3


PARAGRAPHS = [
    "Turkish troops were attacked near Saraqib on Thursday, the defence ministry said.",
    "The ministry said the army returned fire on government positions in Idlib.",
]


@pytest.mark.parametrize(
    "content",
    [
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
        PARAGRAPHS,
        [{"role": "body", "text": p} for p in PARAGRAPHS]
        + [{"role": "image", "imageURL": "https://example.org/x.png"}],
        [
            {"type": "tag", "name": "p", "children": [{"type": "text", "data": p}]}
            for p in PARAGRAPHS
        ],
    ],
)
def test_a_json_file_that_is_one_article_gives_title_date_and_text(tmp_path, content):
    path = tmp_path / "story.json"
    story = {"Title": "Turkey returns fire in Idlib", "datePublished": "2020-02-28T09:00:00Z"}
    path.write_text(json.dumps({**story, "ad": {"slot": "x"}, "body": content}), encoding="utf-8")
    (article,) = parse_file_items(path)
    assert article.title == "Turkey returns fire in Idlib"
    assert str(article.published_on) == "2020-02-28"
    assert article.body.split("\n\n") == PARAGRAPHS


def test_an_rss_or_atom_feed_is_one_article_per_entry(tmp_path):
    items = "".join(
        f"<item><title>Headline {n} on Idlib</title><link>https://www.ft.com/content/{n}</link>"
        f"<pubDate>Mon, 0{n} Jun 2025 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Summary {n} of the talks.&lt;/p&gt;</description></item>"
        for n in range(1, 4)
    )
    rss = tmp_path / "feed.xml"
    rss.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>FT</title>{items}'
                   "</channel></rss>", encoding="utf-8")  # fmt: skip
    parsed = parse_file_items(rss)
    assert [a.title for a in parsed] == [f"Headline {n} on Idlib" for n in range(1, 4)]
    assert [str(a.published_on) for a in parsed] == ["2025-06-01", "2025-06-02", "2025-06-03"]
    assert parsed[0].body == "Headline 1 on Idlib\n\nSummary 1 of the talks."
    assert parsed[0].url == "https://www.ft.com/content/1"
    atom = tmp_path / "feed.atom"
    atom.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>Talks on Idlib'
        "</title><updated>2020-03-05T10:00:00Z</updated><summary>Leaders met.</summary></entry>"
        "</feed>",
        encoding="utf-8",
    )
    (entry,) = parse_file_items(atom)
    assert (entry.title, str(entry.published_on)) == ("Talks on Idlib", "2020-03-05")


def test_an_xml_file_that_is_no_feed_is_refused_by_name(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><config><a>1</a></config>", encoding="utf-8")
    with pytest.raises(IngestionError, match="RSS or Atom"):
        parse_file_items(path)


def test_a_magazine_date_line_with_its_dateline_glued_dates_the_article():
    text = (
        "## The battle for Idlib\n\n# Turkey pounds the Syrian army\n\n"
        "> Two autocrats and a bloody mess\n\n> Mar 5th 2020BEIRUT AND ISTANBUL\n\n"
        f"{BODY}\n"
    )
    article = parse_text(text, filename="story.md")
    assert article.title == "Turkey pounds the Syrian army"
    assert (str(article.published_on), article.published_on_precision) == ("2020-03-05", "day")
    assert "BEIRUT AND ISTANBUL" not in article.body


@pytest.mark.parametrize(
    ("filename", "title"),
    [
        ("Turkey_and_Russia_agree_Idlib_truce.md", "Turkey and Russia agree Idlib truce"),
        ("000_6d9b699ff91e2ffa.md", "A short standfirst above the story"),  # an id names nothing
        ("turkey-russia-truce.md", "A short standfirst above the story"),  # a slug neither
    ],
)
def test_a_file_named_as_its_headline_gives_the_title_when_the_text_has_none(filename, title):
    article = parse_text(f"A short standfirst above the story\n\n{BODY}\n", filename=filename)
    assert article.title == title
    assert BODY.split(". ")[0] in article.body
    # with a headline of its own, the text's headline wins
    headed = parse_text(f"# Talks in Moscow\n\n{BODY}\n", filename=filename)
    assert headed.title == "Talks in Moscow"


def test_list_items_stay_paragraphs_of_their_own():
    # hard-wrapped text, as plain-text exports of live pages are: its lines are joined, but a
    # list item always starts a paragraph of its own
    wrapped = textwrap.fill(" ".join([BODY] * 3), width=70)
    text = (
        "Live: Turkish soldiers killed in Idlib\n\n"
        "Key points\n- Two Turkish soldiers killed in an air strike, Ankara says\n"
        "- Russia says its jets hit militants\n  who broke through Syrian lines\n\n"
        f"{wrapped}\n"
    )
    article = parse_text(text, filename="live.txt")
    paragraphs = article.body.split("\n\n")
    assert "Two Turkish soldiers killed in an air strike, Ankara says" in paragraphs
    # a wrapped item continues on its next line
    assert "Russia says its jets hit militants who broke through Syrian lines" in paragraphs


def test_a_front_matter_date_written_out_is_read():
    for written in ('"February 1, 2025"', '"Sat, 01 Feb 2025 09:00:00 GMT"'):
        article = parse_text(f"---\ntitle: The Road to Damascus\ndate: {written}\n---\n\n{BODY}\n",
                             filename="post.md")  # fmt: skip
        assert (str(article.published_on), article.published_on_precision) == ("2025-02-01", "day")


def test_a_clips_source_address_dates_it_by_its_path_and_names_no_publisher():
    text = (
        '---\nsource: "https://www.theatlantic.com/international/2026/02/assad-fall/685883/"\n'
        f"clipped: 2026-02-08\n---\n# The Fall of the House of Assad\n\n{BODY}\n"
    )
    article = parse_text(text, filename="clip.md")
    assert article.url.startswith("https://www.theatlantic.com/international/2026/02/")
    assert (str(article.published_on), article.published_on_precision) == ("2026-02-01", "month")
    assert not article.source.startswith("http")


def test_a_markdown_link_whose_text_is_video_keeps_its_text():
    text = f"# Hospital hit\n\n{BODY} They later published a [video](https://x.org/v/1) of it.\n"
    article = parse_text(text, filename="post.md")
    assert "published a video of it." in article.body
    assert "(https://x.org/v/1)" not in article.body
    # a WordPress shortcode of the same name is still removed
    assert "[video" not in parse_text(f"# T\n\n[video src=x.mp4] {BODY}\n", filename="p.md").body


def test_a_caption_opened_by_its_credit_is_dropped():
    caption = "Omar Haj Kadour / AFP / Getty Parts of the palace in Damascus were looted."
    article = parse_text(f"# The fall\n\n{BODY}\n\n{caption}\n\n{BODY}\n", filename="clip.md")
    assert "Getty" not in article.body and "looted" not in article.body
    # a slash inside prose is no credit
    prose = "Turkey and/or Russia / the guarantors met in Sochi on Monday to discuss Idlib."
    assert prose in parse_text(f"# T\n\n{prose}\n\n{BODY}\n", filename="p.md").body


def test_a_clipped_pages_story_boxes_slide_counters_and_glued_credits_are_dropped():
    debris = [
        "Editors’ PicksHow Can I Show My Boyfriend My Parents’ Filthy Home?",
        "## Editors’ Picks",
        "Card 1 of 6",
        "Notre-DameCredit...Felipe Romero Beltran for The New York Times",
        "Credit... Sources: Institute for the Study of War; Janes | Areas of control are "
        "approximate. Advances since late Nov. shown as of Dec. 4. | By Samuel Granados",
    ]
    said = [f"Turkish troops were shelled near Saraqib for the {n} time, the ministry said."
            for n in ("first", "second", "third", "fourth", "fifth")]  # fmt: skip
    text = (
        "# The war\n\n"
        + "\n\n".join(f"{a}\n\n{b}" for a, b in zip(debris, said, strict=True))
        + "\n"
    )
    body = parse_text(text, filename="clip.md").body
    assert not [line for line in debris if line.lstrip("# ") in body]
    assert all(sentence in body for sentence in said)
    # a story that mentions the picks of editors keeps its sentence
    prose = "The editors' picks of the year were announced in Damascus on Monday by the ministry."
    assert prose in parse_text(f"# T\n\n{prose}\n\n{BODY}\n", filename="p.md").body


def test_a_news_scraper_json_export_is_one_article(tmp_path):
    # the keys a common news scraper writes: maintext, date_publish, date_download, authors
    story = {
        "title": "Turkey returns fire in Idlib",
        "date_download": "2020-03-01 10:00:00",
        "date_publish": "2020-02-28 09:00:00",
        "authors": ["Jane Roe"],
        "maintext": "\n".join(PARAGRAPHS),
        "source_domain": "www.example.org",
    }
    path = tmp_path / "story.json"
    path.write_text(json.dumps(story), encoding="utf-8")
    (article,) = parse_file_items(path)
    assert (article.title, str(article.published_on)) == (
        "Turkey returns fire in Idlib",
        "2020-02-28",
    )
    assert article.author == "Jane Roe"
    assert PARAGRAPHS[1] in article.body
    paragraphs = {"title": "Turkey returns fire in Idlib", "body_paragraphs": PARAGRAPHS}
    path.write_text(json.dumps(paragraphs), encoding="utf-8")
    assert parse_file_items(path)[0].body.split("\n\n") == PARAGRAPHS


def test_the_headline_repeated_under_its_date_line_and_a_glued_tag_row_are_dropped():
    text = (
        "# Capture of Aleppo threatens the regime\n\n[https://x.org/a](https://x.org/a)\n\n"
        "*05:10 PM, Tuesday, December 03, 2024*\n\nCapture of Aleppo threatens the regime\n\n"
        "GeopoliticsRiskWorld EventsMiddle East and AfricaSyriaCountry Analysis\n\n"
        f"{BODY}\n"
    )
    article = parse_text(text, filename="post.md")
    assert article.title == "Capture of Aleppo threatens the regime"
    assert article.body.startswith("Turkish troops were attacked near Saraqib")
    # a name with a capital inside it is no tag row
    prose = "McLaren and YouTube staff met the UN envoy in Idlib on Monday"
    assert prose in parse_text(f"# T\n\n{prose}\n\n{BODY}\n", filename="p.md").body


def test_an_outlet_named_on_its_own_line_above_the_story_is_its_source():
    text = f"<h4>Deadly escalation in Idlib</h4>\n\nRT France\n11 February 2020\n\n{BODY}\n"
    article = parse_text(text, filename="post.md")
    assert (article.title, article.source) == ("Deadly escalation in Idlib", "RT")
    assert (str(article.published_on), article.body) == ("2020-02-11", BODY)


def test_a_digest_keeps_its_sections_past_captions_embeds_and_drops_its_sign_off():
    text = textwrap.dedent(
        f"""\
        # Daily digest

        {BODY}

        ![](../assets/1.jpeg)

        Photo Credit : ekathimerini\\.com

        ■■■■■■■■■■■■■■
        > **[Abdullah Bozkurt](https://twitter.com/x) @ Twitter Says:**

        > > Border crossings were opened, the channel says.

        > **Tweeted at [2020-02-28 05:34:36](https://twitter.com/x/status/1).**

        ■■■■■■■■■■■■■■

        ### Syria

        On Tuesday the Red Cross demanded safe passage for civilians fleeing Idlib.

        **Find daily updates and special reports on our [Medium page](https://m.example) .**

        **If you wish to contribute, please let us know.**

        _Converted [Medium Post](https://m.example/p) by [a converter](https://c.example)._
        """
    )
    body = parse_text(text, filename="digest.md").body
    assert "On Tuesday the Red Cross demanded safe passage" in body
    assert "Border crossings were opened" in body  # the embedded post's words stay
    for debris in ("■", "Twitter Says", "Tweeted at", "Photo Credit", "daily updates", "Converted"):
        assert debris not in body
    # a story that is all in bold keeps its words
    bold = parse_text(f"# T\n\n**{BODY}**\n\n**{BODY}**\n", filename="b.md").body
    assert BODY in bold
