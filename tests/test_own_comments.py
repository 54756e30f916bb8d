"""The project's own comment corpus with known topics (tests/data/themes, issue 18) is well formed.

No model runs here: the corpus is measured by bench/bench_own_topics.py. These checks keep the file
usable for selection: every topic known, both splits present for every topic, no repeated comment,
and no comment copied from the shared SIB-200 set."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from _themes_data import norm_text, shared_theme_texts

DATA = Path(__file__).resolve().parent / "data" / "themes"
NONE = "ingen"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [
        json.loads(line) for line in (DATA / "own_comments.jsonl").read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def topics() -> dict[str, dict]:
    return json.loads((DATA / "topics.json").read_text(encoding="utf-8"))


def test_lines_have_the_fields_and_known_topics(rows: list[dict], topics: dict[str, dict]) -> None:
    assert len(rows) >= 700
    for r in rows:
        assert set(r) == {"id", "text", "topic", "split"}, r
        assert r["text"].strip() == r["text"] and r["text"], r
        assert r["topic"] in topics, r
        assert r["split"] in {"dev", "test"}, r
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["topic"] for r in rows} == set(topics)


def test_topics_have_a_name_and_stems(topics: dict[str, dict]) -> None:
    for tid, t in topics.items():
        assert t["name"].strip(), tid
        assert (t["stems"].split() == []) == (tid == NONE), tid


def test_both_splits_hold_every_topic_about_60_40(rows: list[dict]) -> None:
    per = Counter((r["topic"], r["split"]) for r in rows)
    for tid in {r["topic"] for r in rows}:
        dev, test = per[(tid, "dev")], per[(tid, "test")]
        assert dev > 0 and test > 0, tid
        assert abs(dev / (dev + test) - 0.6) < 0.05, (tid, dev, test)


def test_no_comment_repeats(rows: list[dict]) -> None:
    seen = Counter(re.sub(r"\s+", " ", r["text"]).casefold() for r in rows)
    assert [t for t, n in seen.items() if n > 1] == []


def test_no_comment_is_a_line_of_the_shared_themes_set(rows: list[dict], shared_dir: Path) -> None:
    shared = shared_theme_texts(shared_dir)
    if shared is None:
        pytest.skip("../shared/data/themes is not present")
    assert [r["text"] for r in rows if norm_text(r["text"]) in shared] == []
