"""The synthetic corpus generator: deterministic, varied, and readable by the parser."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from apps.ingestion.extraction.dictionary import get_dictionary
from apps.ingestion.parsers import parse_file
from bench import make_corpus as make_corpus_module


@pytest.fixture(scope="module")
def make_corpus():
    return make_corpus_module


def files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_same_seed_gives_the_same_files(make_corpus, seeds_dir, tmp_path):
    make_corpus.write_corpus(tmp_path / "a", 24, 7, seeds_dir)
    make_corpus.write_corpus(tmp_path / "b", 24, 7, seeds_dir)
    make_corpus.write_corpus(tmp_path / "c", 24, 8, seeds_dir)
    first = files(tmp_path / "a")
    assert len(first) == 24
    assert first == files(tmp_path / "b")
    assert first != files(tmp_path / "c")


def test_every_file_parses_and_shapes_vary(make_corpus, seeds_dir, tmp_path):
    make_corpus.write_corpus(tmp_path, 24, 3, seeds_dir)
    suffixes = {p.suffix for p in tmp_path.iterdir()}
    assert {".txt", ".md", ".html"} <= suffixes
    texts = files(tmp_path).values()
    assert any("https://news.example.org/" in t for t in texts)  # URL blocks
    assert any("(Reuters) - " in t or "(AFP) - " in t or "(AP) - " in t for t in texts)  # wire
    for path in sorted(tmp_path.iterdir()):
        article = parse_file(path)
        assert article.title and len(article.body.split()) > 50, path.name


def test_people_and_towns_come_from_the_dictionary(make_corpus, seeds_dir, tmp_path):
    make_corpus.write_corpus(tmp_path / "swapped", 40, 5, seeds_dir)
    make_corpus.write_corpus(tmp_path / "kept", 40, 5, seeds_dir, swap=False)
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt"))
    dictionary = get_dictionary()
    people = {e.name for e in dictionary.of_kind("actor") if e.subkind == "person"}
    towns = {e.name for e in dictionary.of_kind("place") if e.subkind == "town"}

    def named(folder: Path, names: set[str]) -> set[str]:
        text = " ".join(files(folder).values())
        return {name for name in names if name in text}

    new_people = named(tmp_path / "swapped", people) - named(tmp_path / "kept", people)
    new_towns = named(tmp_path / "swapped", towns) - named(tmp_path / "kept", towns)
    assert new_people and all(name not in seed_text for name in new_people)
    assert new_towns and all(name not in seed_text for name in new_towns)
    assert files(tmp_path / "swapped") != files(tmp_path / "kept")


def test_a_swapped_person_keeps_the_same_substitute_within_an_article(make_corpus):
    dictionary = get_dictionary()
    swapper = make_corpus.Swapper(list(dictionary.entries.values()), sorted(dictionary.capitals))

    text = "Recep Tayyip Erdogan spoke. Later Erdogan left Ankara."
    (swapped,) = swapper.swap([text], random.Random(1))
    full = swapped.split(" spoke.")[0]
    assert full != "Recep Tayyip Erdogan"
    assert f"Later {full.split()[-1]} left Ankara." in swapped
