"""The second, held-out comment corpus with known topics (tests/data/themes/heldout_s17.jsonl, session 17)
is well formed and independent of the first.

No model runs here, and nothing here scores the themes: the corpus is read once, by the lead, at the end
of session 17 (bench/bench_own_topics.py --corpus ... --split all --once), and nobody selects on it.
These checks keep the file what tests/data/themes/README.md says it is: every line valid, every topic
known and present in the stated proportions, no comment repeated, none copied from the team's own corpus
(own_comments.jsonl, written by another writer) or from the shared SIB-200 set."""

from __future__ import annotations

import json
import re
from collections import Counter
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


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    lines = (DATA / "heldout_s17.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def topics() -> dict[str, dict]:
    return json.loads((DATA / "topics_s17.json").read_text(encoding="utf-8"))


def test_lines_have_the_fields_and_known_topics(rows: list[dict], topics: dict[str, dict]) -> None:
    assert 550 <= len(rows) <= 700
    for r in rows:
        assert set(r) == {"id", "text", "topic", "split"}, r
        assert r["text"].strip() == r["text"] and r["text"], r
        assert r["topic"] in topics, r
        assert r["split"] == "test", r
    assert [r["id"] for r in rows] == [f"h17_{i:04d}" for i in range(1, len(rows) + 1)]
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


def test_no_comment_repeats(rows: list[dict]) -> None:
    seen = Counter(norm_text(r["text"]) for r in rows)
    assert [t for t, n in seen.items() if n > 1] == []


def test_no_comment_is_one_of_the_own_corpus(rows: list[dict]) -> None:
    """Written independently of own_comments.jsonl (session 15, another writer): not one comment, not
    even a non-answer, is the same text (case and spacing aside)."""
    own = {norm_text(json.loads(line)["text"]) for line in (DATA / "own_comments.jsonl").open(encoding="utf-8")}
    assert len(own) > 700
    assert [r["text"] for r in rows if norm_text(r["text"]) in own] == []


def test_no_comment_is_a_line_of_the_shared_themes_set(rows: list[dict], shared_dir: Path) -> None:
    shared = shared_theme_texts(shared_dir)
    if shared is None:
        pytest.skip("../shared/data/themes is not present")
    assert [r["text"] for r in rows if norm_text(r["text"]) in shared] == []
