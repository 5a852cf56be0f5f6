"""Parsing raw article files: golden files for the seeds and for each shape, plus bad input."""

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from apps.ingestion.documents import IngestionError
from apps.ingestion.parsers import parse_file, parse_text

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SHAPES_IN = HERE / "data" / "in"
SHAPES_OUT = HERE / "data" / "out"


def as_golden(article) -> dict:
    data = asdict(article)
    data["published_on"] = data["published_on"].isoformat() if data["published_on"] else None
    data["body"] = data["body"].split("\n\n")
    return data


def shape_inputs() -> list[Path]:
    return sorted(p for p in SHAPES_IN.iterdir() if not p.name.endswith(".meta.json"))


def test_every_seed_has_a_golden_file(seed_files):
    assert seed_files, "no seed files found"
    assert sorted(p.stem for p in seed_files) == sorted(p.stem for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("stem", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_seed_matches_golden(seeds_dir, stem):
    expected = json.loads((GOLDEN / f"{stem}.json").read_text(encoding="utf-8"))
    assert as_golden(parse_file(seeds_dir / f"{stem}.txt")) == expected


@pytest.mark.parametrize("path", shape_inputs(), ids=lambda p: p.name)
def test_shape_matches_expected(path):
    expected = json.loads((SHAPES_OUT / f"{path.stem}.json").read_text(encoding="utf-8"))
    assert as_golden(parse_file(path)) == expected


def test_every_shape_input_has_an_expected_output():
    assert {p.stem for p in shape_inputs()} == {p.stem for p in SHAPES_OUT.glob("*.json")}


# Behaviour the golden files encode, stated directly so a regenerated golden file cannot hide it.


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return {p.name[:3]: parse_file(p) for p in sorted(seeds_dir.glob("*.txt"))}


def test_two_line_headlines_are_joined(seeds):
    assert seeds["000"].title == "Putin Challenges Erdogan Over Syria as U.S. Exit Bolsters Russia"
    assert seeds["001"].title.startswith("Russia, Turkey Agree Steps to Tackle Militants in Syria")
    assert not seeds["000"].body.startswith("Putin Challenges")


def test_real_headline_not_site_furniture(seeds):
    assert seeds["002"].title == "Idlib exposes limits of Russia and Turkey’s strategic partnership"


def test_sentences_split_by_url_blocks_come_out_whole(seeds):
    assert "joint steps to neutralize the terrorists' nests in Idlib" in seeds["001"].body
    assert "the beginning of the end of Turkish influence in the province." in seeds["003"].body
    assert "began taking delivery of Russian S-400" in seeds["001"].body


def test_line_end_hyphens_are_real_hyphens(seeds):
    body = seeds["000"].body
    for word in ("al-Qaeda last month", "self-defense", "U.S.-backed Kurdish fighters started"):
        assert word in body
    assert "al- Qaeda" not in body and "alQaeda" not in body


def test_no_urls_or_furniture_in_bodies(seeds):
    for article in seeds.values():
        assert "http" not in article.body and "www." not in article.body
        for furniture in ("google cta", "Related article", "Shutterstock", "keep reading", "**"):
            assert furniture.casefold() not in article.body.casefold()
        assert "\n\n\n" not in article.body


def test_teasers_of_other_articles_are_gone(seeds):
    body = seeds["002"].body
    for teaser in (
        "Takaichi",
        "Starmer",
        "Sudan",
        "bin Salman",
        "Newsletter",
        "QIOSK",
        "Analysis |",
    ):
        assert teaser not in body
    assert body.endswith("filling the vacuum created by declining U.S. influence.")


def test_related_links_kept_with_titles(seeds):
    titles = [link["title"] for link in seeds["001"].related_links]
    assert titles == [
        "Why a Military Confrontation Between Turkey and the Kurds in Syria Might Be "
        "Good News for Russia"
    ]
    assert seeds["000"].related_links[0]["url"].endswith("cross-country-tour")


def test_dates_stated_inferred_or_unknown_never_from_urls(seeds):
    stated = seeds["004"]
    assert (stated.published_on.isoformat(), stated.published_on_precision) == ("2020-03-05", "day")
    assert stated.published_on_source == "stated"
    inferred = seeds["002"]
    assert inferred.published_on_source == "inferred"
    assert inferred.published_on.year == 2020 and "2020" in inferred.published_on_evidence
    # 000, 001 and 003 link to related articles dated 2025 and 2026; the text gives no year.
    for key in ("000", "001", "003"):
        assert seeds[key].published_on is None
        assert seeds[key].published_on_source == "unknown"


def test_byline_caption_and_original_url(seeds):
    article = seeds["004"]
    assert article.author == "Michael Mainville"
    assert article.source == "AFP"
    assert article.url.startswith("https://www.themoscowtimes.com/2020/03/05/")
    assert "Mikhail Metzel" not in article.body


# Bad input: one clear line each.


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t \n", "empty file"),
        ("nul.txt", b"Turkey\x00\x01\x02 said", "binary file"),
        ("noise.txt", bytes(range(256)) * 20, "binary file"),
        ("page.pdf", b"%PDF-1.4 ...", "unsupported file type (.pdf)"),
        ("furniture.txt", b"google cta\nShare\nhttps://example.com/a\n", "no article text"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestionError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_file(path)


def test_reasons_are_one_line(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00" * 10)
    with pytest.raises(IngestionError) as err:
        parse_file(path)
    assert "\n" not in str(err.value)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(IngestionError, match="file not found"):
        parse_file(tmp_path / "nope.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IngestionError, match="not a regular file"):
        parse_file(folder)


def test_file_over_the_size_limit(tmp_path, settings):
    settings.INGESTION_MAX_FILE_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("Turkey said. " * 200)
    with pytest.raises(IngestionError, match="file too large"):
        parse_file(path)


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("permissions are not enforced for root")
    path = tmp_path / "locked.txt"
    path.write_text("Turkey sent troops to Idlib on Monday, officials said.")
    path.chmod(0)
    with pytest.raises(IngestionError, match="cannot read file"):
        parse_file(path)


def test_parse_text_accepts_str_and_bytes():
    text = (
        "Ankara Warns Damascus\n\nTurkey warned Syria on Monday not to attack its posts in Idlib."
    )
    from_str = parse_text(text, filename="a.txt")
    from_bytes = parse_text(text.encode(), filename="a.txt")
    assert from_str == from_bytes
    assert from_str.title == "Ankara Warns Damascus"


# Sidecars.


def write_pair(tmp_path, meta: str) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(
        "Turkey Warns\n\nTurkey warned Syria on Monday not to attack its posts in Idlib."
    )
    (tmp_path / "story.meta.json").write_text(meta)
    return path


def test_sidecar_values_win_and_are_recorded(tmp_path):
    path = write_pair(
        tmp_path, '{"published_on": "2020-02", "url": "https://example.org/a", "title": "T"}'
    )
    article = parse_file(path)
    assert article.title == "T"
    assert (article.published_on.isoformat(), article.published_on_precision) == (
        "2020-02-01",
        "month",
    )
    assert article.metadata_from_sidecar == ["title", "published_on", "url"]


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"published_on": "5 March 2020"}', "not an ISO date"),
        ('{"url": "javascript:alert(1)"}', "not a web address"),
        ('{"title": 5}', "title must be a string"),
    ],
)
def test_malformed_sidecar_is_a_clear_error(tmp_path, meta, reason):
    with pytest.raises(IngestionError, match=f"malformed sidecar story.meta.json: .*{reason}"):
        parse_file(write_pair(tmp_path, meta))


def test_sidecar_itself_is_not_an_article(tmp_path):
    path = write_pair(tmp_path, "{}")
    with pytest.raises(IngestionError, match="sidecar"):
        parse_file(path.with_name("story.meta.json"))
