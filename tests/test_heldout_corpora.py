"""The held-out comment corpora with known topics are well formed and independent of each other:
tests/data/themes/heldout_s17.jsonl (session 17) and heldout_s19.jsonl (session 19, a third writer, its
topics_s19.json committed before any comment was written).

No model runs here, and nothing here scores the themes: each corpus is read once, by the lead, at the end
of its session (bench/bench_own_topics.py --corpus ... --split all --once), and nobody selects on it.
These checks keep each file what tests/data/themes/README.md says it is: every line valid, every topic
known and present in the stated proportions, about a third of the topical comments naming no gold stem,
no comment repeated, none copied from an earlier corpus (own_comments.jsonl, and heldout_s17.jsonl for
the session-19 corpus) or from the shared SIB-200 set. A failure names only the ids of the corpus under
test, never the text of another corpus: a held-out file is not to be read, even through a test message."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from _themes_data import norm_text, shared_theme_texts

DATA = Path(__file__).resolve().parent / "data" / "themes"
NONE = "ingen"


def names_topic(text: str, stems: str) -> bool:
    """bench_themes.names_topic's rule (README 'Gold stems'): a word starts with a stem; a stem of at
    most three letters must be the whole word or the word with an ending of at most three letters."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return any(w.startswith(s) and (len(s) > 3 or len(w) - len(s) <= 3) for s in stems.split() for w in words)


@dataclass(frozen=True)
class Corpus:
    """One held-out corpus: its comment file, its topic file, its id prefix, and the earlier corpora
    (comment files in tests/data/themes) it must share no comment with."""

    comments: str
    topics: str
    prefix: str
    earlier: tuple[str, ...]


CORPORA = (
    Corpus("heldout_s17", "topics_s17", "h17_", ("own_comments",)),
    Corpus("heldout_s19", "topics_s19", "h19_", ("own_comments", "heldout_s17")),
)


def read_rows(name: str) -> list[dict]:
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module", params=CORPORA, ids=lambda c: c.comments)
def corpus(request: pytest.FixtureRequest) -> Corpus:
    return request.param


@pytest.fixture(scope="module")
def rows(corpus: Corpus) -> list[dict]:
    return read_rows(corpus.comments)


@pytest.fixture(scope="module")
def topics(corpus: Corpus) -> dict[str, dict]:
    return json.loads((DATA / f"{corpus.topics}.json").read_text(encoding="utf-8"))


def test_lines_have_the_fields_and_known_topics(
    rows: list[dict], topics: dict[str, dict], corpus: Corpus
) -> None:
    assert 550 <= len(rows) <= 700
    for r in rows:
        assert set(r) == {"id", "text", "topic", "split"}, r
        assert r["text"].strip() == r["text"] and r["text"], r
        assert r["topic"] in topics, r
        assert r["split"] == "test", r
    assert [r["id"] for r in rows] == [f"{corpus.prefix}{i:04d}" for i in range(1, len(rows) + 1)]
    assert {r["topic"] for r in rows} == set(topics)


def test_topics_have_a_name_and_stems(topics: dict[str, dict]) -> None:
    assert 12 <= len(topics) <= 15
    for tid, t in topics.items():
        assert t["name"].strip(), tid
        assert (t["stems"].split() == []) == (tid == NONE), tid


def test_sizes_are_uneven_and_non_answers_about_four_percent(rows: list[dict]) -> None:
    per = Counter(r["topic"] for r in rows)
    topical = {t: n for t, n in per.items() if t != NONE}
    assert all(20 <= n <= 90 for n in topical.values()), topical
    assert max(topical.values()) >= 3 * min(topical.values())
    assert 0.03 <= per[NONE] / len(rows) <= 0.05


def test_danish_letters_as_typed(rows: list[dict]) -> None:
    texts = " ".join(r["text"] for r in rows)
    assert all(ch in texts for ch in "æøåÆØÅ")
    assert not re.search("Ã|Â|\ufffd|&[a-z]+;", texts)


def test_about_a_third_of_the_topical_comments_name_no_gold_stem(
    rows: list[dict], topics: dict[str, dict]
) -> None:
    topical = [r for r in rows if r["topic"] != NONE]
    implied = sum(not names_topic(r["text"], topics[r["topic"]]["stems"]) for r in topical)
    assert 0.25 <= implied / len(topical) <= 0.40


def bare(text: str) -> str:
    """Stricter than norm_text: case and punctuation aside too ("Nej!" is "nej"), so a copy with one
    comma more still counts as a copy. A line of punctuation only ("-", "...") keeps its norm_text, or
    every such non-answer would be the same empty text."""
    words = re.findall(r"\w+", text.casefold())
    return " ".join(words) if words else norm_text(text)


def test_bare_sets_aside_case_spacing_and_punctuation_only() -> None:
    assert bare("Nej,  ikke   NOGET!") == bare("nej ikke noget") == "nej ikke noget"
    assert bare("Ved ikke.") != bare("Ved ikke noget")
    assert bare("-") == "-" and bare("...") == "..."


def test_no_comment_repeats(rows: list[dict]) -> None:
    seen = Counter(bare(r["text"]) for r in rows)
    repeated = {t for t, n in seen.items() if n > 1}
    assert [r["id"] for r in rows if bare(r["text"]) in repeated] == []


def test_no_comment_is_one_of_an_earlier_corpus(rows: list[dict], corpus: Corpus) -> None:
    """Written independently of the earlier corpora (own_comments.jsonl, session 15; heldout_s17.jsonl,
    session 17; each by another writer): not one comment, not even a non-answer, is the same text (case
    and punctuation aside: ``bare``). The message lists only this corpus's ids, so a failure shows no held-out text."""
    for name in corpus.earlier:
        assert ids_also_in(rows, name) == [], name


def ids_also_in(rows: list[dict], name: str) -> list[str]:
    """The ids of ``rows`` whose text is a line of the corpus ``name``. The other corpus's texts stay
    inside this function, so not even a failing test run with --showlocals prints them."""
    other = {bare(r["text"]) for r in read_rows(name)}
    assert len(other) > 500, name
    return [r["id"] for r in rows if bare(r["text"]) in other]


def test_no_comment_is_a_line_of_the_shared_themes_set(rows: list[dict], shared_dir: Path) -> None:
    shared = shared_theme_texts(shared_dir)
    if shared is None:
        pytest.skip("../shared/data/themes is not present")
    assert [r["id"] for r in rows if norm_text(r["text"]) in shared] == []
