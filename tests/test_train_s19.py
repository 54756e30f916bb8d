"""The training corpora of session 19 (tests/data/themes/train_s19_t1.jsonl and train_s19_t2.jsonl,
issue 18) are well formed and independent of every corpus that scores or selects the themes.

Training data only: the comments teach which embedding directions vary within a topic (tone, length,
everyday phrasing) so that they can be removed before clustering; they are never used to score or
select the themes (tests/data/themes/TRAIN_S19.md). Two writers wrote them, each on its own 20 topics,
without reading each other's file or the selection and test corpora. These checks hold the files to the
conventions TRAIN_S19.md states: valid lines with consecutive ids, at least 30 comments per topic, a
spread of lengths within every topic, Danish letters typed as such, no comment repeated, shuffled order,
and not one comment equal to one of the scoring corpora. Assertion messages name only training ids: the
held-out corpora are compared, never shown."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
from _themes_data import shared_theme_texts

DATA = Path(__file__).resolve().parent / "data" / "themes"
WRITERS = ("t1", "t2")
T2_TOPICS = {
    "hjemmepleje",
    "plejehjem",
    "genoptraening",
    "affald_og_genbrug",
    "veje_og_cykelstier",
    "parkering",
    "busser_og_trafik",
    "bibliotek",
    "svoemmehal_og_idraet",
    "daginstitution",
    "skole",
    "sfo_og_klub",
    "borgerservice_pas_koerekort",
    "byggesag_og_tilladelser",
    "tandpleje_og_sundhedspleje",
    "parker_og_natur",
    "snerydning_og_vejsalt",
    "kultur_og_arrangementer",
    "bolig_og_boligstoette",
    "kommunens_hjemmeside_og_information",
}
SCORING = ("own_comments.jsonl", "heldout_s17.jsonl", "heldout_s19.jsonl")
NON_ANSWERS = {"ved ikke", "vedikke", "nej", "ja", "ingen", "ingen kommentarer", "intet", "nothing", ""}


def norm(text: str) -> str:
    """Lower case, punctuation stripped, spacing collapsed: stricter than ``norm_text``, so two comments
    that differ only by a comma or a full stop count as one."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def words(text: str) -> int:
    return len(text.split())


def load(writer: str) -> list[dict]:
    path = DATA / f"train_s19_{writer}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module", params=WRITERS)
def writer(request: pytest.FixtureRequest) -> str:
    """The writer's id only (not the rows): a failing test's report then shows no comment text."""
    return request.param


def test_lines_have_the_fields_and_consecutive_ids(writer: str) -> None:
    data = load(writer)
    assert len(data) >= 600, writer
    for i, r in enumerate(data, 1):
        assert set(r) == {"id", "text", "topic"}, r.get("id")
        assert r["id"] == f"{writer}_{i:04d}", (i, r["id"])
        assert isinstance(r["text"], str) and r["text"] == r["text"].strip() and r["text"], r["id"]
        assert re.fullmatch(r"[a-z][a-z_]*[a-z]", r["topic"]), r["id"]


def test_every_topic_has_at_least_30_comments(writer: str) -> None:
    data = load(writer)
    per = Counter(r["topic"] for r in data)
    assert len(per) == 20, (writer, len(per))
    assert {t: n for t, n in per.items() if not 30 <= n <= 50} == {}, writer
    if writer == "t2":
        assert set(per) == T2_TOPICS


def test_the_two_writers_have_different_topics() -> None:
    assert {r["topic"] for r in load("t1")} & {r["topic"] for r in load("t2")} == set()


def test_lengths_spread_within_every_topic(writer: str) -> None:
    """Length must not mark a topic: every topic has a short comment (at most 5 words) and a long one
    (at least 30 words); over the file the median is about 10 words."""
    data = load(writer)
    lengths: dict[str, list[int]] = {}
    for r in data:
        lengths.setdefault(r["topic"], []).append(words(r["text"]))
    assert {t: min(v) for t, v in lengths.items() if min(v) > 5} == {}, writer
    assert {t: max(v) for t, v in lengths.items() if max(v) < 30} == {}, writer
    assert 7 <= statistics.median(words(r["text"]) for r in data) <= 13, writer


def test_no_non_answers(writer: str) -> None:
    data = load(writer)
    assert [r["id"] for r in data if norm(r["text"]) in NON_ANSWERS or words(r["text"]) < 2] == [], writer


def test_danish_letters_are_typed_as_such(writer: str) -> None:
    """æ, ø and å each occur, in at least a third of the comments together, and no comment holds the
    two-letter stand-ins of mis-decoded UTF-8 (Ã¦, Ã¸, Ã¥)."""
    data = load(writer)
    text = "\n".join(r["text"] for r in data).casefold()
    assert all(ch in text for ch in "æøå"), writer
    assert sum(bool(re.search("[æøåÆØÅ]", r["text"])) for r in data) >= len(data) / 3, writer
    assert [r["id"] for r in data if "Ã" in r["text"]] == [], writer


def test_no_comment_repeats_across_both_files() -> None:
    seen: dict[str, str] = {}
    repeated = []
    for writer in WRITERS:
        for r in load(writer):
            key = norm(r["text"])
            if key in seen:
                repeated.append((seen[key], r["id"]))
            seen.setdefault(key, r["id"])
    assert repeated == []


def test_order_is_shuffled(writer: str) -> None:
    """Not grouped by topic: neighbouring lines mostly differ in topic (a sorted file would change topic
    19 times in 800 lines)."""
    data = load(writer)
    changes = sum(a["topic"] != b["topic"] for a, b in zip(data, data[1:], strict=False))
    assert changes >= len(data) / 2, (writer, changes)


def ids_copied_from_scoring(data: list[dict]) -> tuple[int, list[str]]:
    """How many scoring comments were compared, and the ids of training comments equal to one of them.
    The scoring texts stay inside this function: a failing assertion shows counts and training ids."""
    scoring: set[str] = set()
    for name in SCORING:
        path = DATA / name
        if path.exists():
            scoring.update(
                norm(json.loads(line)["text"]) for line in path.read_text(encoding="utf-8").splitlines()
            )
    return len(scoring), [r["id"] for r in data if norm(r["text"]) in scoring]


def test_no_comment_is_a_comment_of_a_scoring_corpus(writer: str) -> None:
    """Written, not copied: no training comment equals (``norm``) a comment of own_comments.jsonl,
    heldout_s17.jsonl or heldout_s19.jsonl (when present)."""
    data = load(writer)
    compared, copied = ids_copied_from_scoring(data)
    assert compared > 700, writer
    assert copied == [], writer


def ids_copied_from_shared(data: list[dict], shared_dir: Path) -> list[str] | None:
    shared = shared_theme_texts(shared_dir)
    if shared is None:
        return None
    shared_norm = {norm(s) for s in shared}
    return [r["id"] for r in data if norm(r["text"]) in shared_norm]


def test_no_comment_is_a_line_of_the_shared_themes_set(writer: str, shared_dir: Path) -> None:
    data = load(writer)
    copied = ids_copied_from_shared(data, shared_dir)
    if copied is None:
        pytest.skip("../shared/data/themes is not present")
    assert copied == [], writer
