"""Own sentiment labels kept as references to ../shared text (tests/data/sentiment/own_dane_labels.jsonl).

../shared data may not be copied into the repository, so a reference row holds the 0-based line of the
source file, the first 12 hex of the sha1 of its detokenised text, and our label; ``load_own`` reads the
text from ../shared and refuses a row whose text no longer has that hash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from focusgroup.sentiment.train import (
    DATA_DIR,
    OWN_DIR,
    REF_SOURCES,
    TEST_FILES,
    TRAIN_FILES,
    detokenise,
    load_jsonl,
    load_own,
    norm_text,
    text_sha1,
)

SOURCE_ROWS = [  # DaNE's shape: tokens only
    ["Ingen", "i", "besætningen", "har", "lyst", "til", "at", "tabe", ",", '"', "understreger", "Jesper", "Bank", "."],
    ['"', "Jyden", "er", "som", "bekendt", "stærk", "og", "sej", "."],
    ["Han", "kom", "til", "Danmark", "som", "11-årig", "i", "1976", "."],
]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def ref_folder(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "dane_like.jsonl"
    _write(src, [{"tokens": t} for t in SOURCE_ROWS])
    own = tmp_path / "own"
    own.mkdir()
    _write(own / "own_web.jsonl", [{"text": "Tak for et godt forløb.", "label": "positiv"}])
    return src, own


def test_detokenise_puts_punctuation_and_quotes_back() -> None:
    assert detokenise(SOURCE_ROWS[0]) == 'Ingen i besætningen har lyst til at tabe," understreger Jesper Bank.'
    assert detokenise(SOURCE_ROWS[1]) == '"Jyden er som bekendt stærk og sej.'
    assert detokenise(["Han", "sagde", '"', "nej", '"', "og", "gik", "(", "igen", ")", "."]) == \
        'Han sagde "nej" og gik (igen).'


def test_reference_rows_read_their_text_and_check_the_hash(ref_folder: tuple[Path, Path]) -> None:
    src, own = ref_folder
    good = [detokenise(t) for t in SOURCE_ROWS]
    _write(own / "own_refs.jsonl", [
        {"line": 2, "sha1": text_sha1(good[2]), "label": "neutral"},
        {"line": 0, "sha1": text_sha1(good[0]), "label": "negativ"},
        {"line": 1, "sha1": "000000000000", "label": "positiv"},  # the shared line changed: refused
        {"line": 7, "sha1": text_sha1(good[1]), "label": "positiv"},  # no such line
    ])
    out = load_own(own, sources={"own_refs": src})
    texts, labels = out["own_refs"]
    assert texts == [good[2], good[0]]  # in file order, text read from the source, bad rows skipped
    assert labels.tolist() == ["neutral", "negativ"]
    assert out["own_web"][0] == ["Tak for et godt forløb."]  # plain own files are read as before
    with pytest.raises(ValueError, match="own_refs.jsonl:3: line 1: text hash"):
        load_own(own, strict=True, sources={"own_refs": src})


def test_reference_file_is_skipped_when_shared_data_is_absent(ref_folder: tuple[Path, Path]) -> None:
    src, own = ref_folder
    _write(own / "own_refs.jsonl", [{"line": 0, "sha1": text_sha1(detokenise(SOURCE_ROWS[0])), "label": "negativ"}])
    out = load_own(own, strict=True, sources={"own_refs": src.with_name("missing.jsonl")})
    assert "own_refs" not in out
    assert out["own_web"][0] == ["Tak for et godt forløb."]


@pytest.mark.skipif(not REF_SOURCES["own_dane_labels"].is_file() or not (DATA_DIR / TRAIN_FILES[0]).is_file(),
                    reason="../shared (DaNE train, sentiment sets) not present")
def test_committed_dane_labels_resolve_and_hold_no_shared_sentiment_sentence() -> None:
    rows = [json.loads(x) for x in (OWN_DIR / "own_dane_labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {tuple(sorted(r)) for r in rows} == {("label", "line", "sha1")}  # references only, no text
    texts, labels = load_own(strict=True)["own_dane_labels"]  # strict: every hash matches ../shared
    assert len(texts) == len(rows) == len({r["line"] for r in rows})
    assert set(labels.tolist()) == {"negativ", "neutral", "positiv"}
    shared = {norm_text(t) for f in TRAIN_FILES + TEST_FILES if (DATA_DIR / f).is_file()
              for t in load_jsonl(DATA_DIR / f)[0]}
    assert not shared & {norm_text(t) for t in texts}


def test_model_card_credits_dane_text_and_does_not_call_it_written_by_us(tmp_path: Path) -> None:
    from focusgroup.sentiment.card import write_card
    from focusgroup.sentiment.model import SentimentParams

    meta = {"name": "x", "train_files": {"europarl_sent_train.jsonl": 669, "lcc_train.jsonl": 349},
            "own_files": {"own_dane_labels.jsonl": 1600}, "own_files_read": {"own_dane_labels.jsonl": 1600},
            "own_weights": {"own_dane_labels": 1.0}, "label_counts": {}}
    card = write_card(tmp_path, meta, SentimentParams()).read_text(encoding="utf-8")
    assert "`tests/data/sentiment/own_dane_labels.jsonl` (1600): real" in card
    assert "Hvingelby et al. 2020" in card and "line references checked by hash" in card
    assert "Own written sentences" not in card  # the DaNE text was not written for this project
