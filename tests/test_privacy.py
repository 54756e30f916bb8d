"""Pseudonymisation: detectors, consistent placeholders, the project flow and the separate key.

Most tests run the rule-based detectors only (use_ner=False) so they are fast and exact; the NER
path is covered with the project's model, loaded once per session.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from focusgroup.privacy import (
    ADDRESS,
    CPR,
    EMAIL,
    PERSON,
    PHONE,
    Pseudonymizer,
    detect,
    pseudonymize_project,
    pseudonymized_view,
    reverse_text,
)
from focusgroup.privacy.detect import DetectContext, resolve
from focusgroup.store import Project

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import bench_privacy  # noqa: E402


def kinds_and_texts(text: str, **ctx) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in detect(text, DetectContext(**ctx))]


# ------------------------------------------------------------------ direct identifiers
@pytest.mark.parametrize(
    "text, found",
    [
        ("Mit CPR er 120378-1234.", "120378-1234"),
        ("cpr 1203781234 står der", "1203781234"),
        ("nr. 290292 1237 i skemaet", "290292 1237"),
    ],
)
def test_cpr_with_valid_date_is_found(text, found):
    assert kinds_and_texts(text) == [(CPR, found)]


@pytest.mark.parametrize("text", ["Journal 991399-1234 lukket.", "320199-1234", "Ordre 4405-883311.", "300290-1234"])
def test_cpr_like_numbers_with_impossible_dates_are_not_cpr(text):
    assert CPR not in [k for k, _ in kinds_and_texts(text)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Ring på 22 33 44 55 i morgen", "22 33 44 55"),
        ("ring +45 31 42 53 64.", "+45 31 42 53 64"),
        ("nummer 40506070", "40506070"),
        ("på 7011 2233 hele dagen", "7011 2233"),
        ("sms til 0045 86 12 34 56", "0045 86 12 34 56"),
        ("eller 42-18-96-30", "42-18-96-30"),
    ],
)
def test_danish_phone_formats(text, found):
    assert kinds_and_texts(text) == [(PHONE, found)]


@pytest.mark.parametrize("text", ["Mødet lå den 12.03.2024 kl. 10.30.", "Jeg fik 14.500 kr. i 2019 og 2020.", "Der var 12 på holdet."])
def test_dates_amounts_and_years_are_not_phones(text):
    assert kinds_and_texts(text) == []


def test_email_and_name_inside_it_is_one_email():
    assert kinds_and_texts("Skriv til lone.hansen@kk.dk i dag", known_names={"Lone"}) == [
        (EMAIL, "lone.hansen@kk.dk")
    ]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Jeg bor på Vestergade 12, 2. th., 8000 Aarhus C og har langt.", "Vestergade 12, 2. th., 8000 Aarhus C"),
        ("Brevet kom til Hovedgaden 23 i stedet for.", "Hovedgaden 23"),
        ("Han bor på Kongevejen 150, st. tv. med sin mor.", "Kongevejen 150, st. tv."),
    ],
)
def test_street_addresses(text, found):
    assert kinds_and_texts(text) == [(ADDRESS, found)]


# ------------------------------------------------------------------ names
def test_ambiguous_names_only_where_they_are_names():
    text = "Bo i en lejlighed er svært. Hans mor sagde, at Bo og Hans Nielsen kom. Muren er af sten."
    assert kinds_and_texts(text) == [(PERSON, "Bo"), (PERSON, "Hans Nielsen")]


def test_longest_match_wins_and_genitive_s_stays():
    text = "Lone Hansen ringede. Lones bil holdt udenfor."
    assert kinds_and_texts(text) == [(PERSON, "Lone Hansen"), (PERSON, "Lone")]
    assert Pseudonymizer(use_ner=False).fit([text]).transform(text) == (
        "[Person 1] ringede. [Person 1]s bil holdt udenfor."
    )


def test_resolve_prefers_longest_then_priority():
    from focusgroup.privacy.detect import Span

    spans = [Span(0, 4, PERSON, "Lone"), Span(0, 11, PERSON, "Lone Hansen"), Span(5, 11, PERSON, "Hansen")]
    assert [s.text for s in resolve(spans)] == ["Lone Hansen"]


# ------------------------------------------------------------------ consistency and the key
def test_consistent_placeholders_and_first_name_linked_to_full_name():
    texts = ["Jeg talte med Mette Jensen om praktik.", "Mette ringede igen, og Karen svarede.", "Karen er sød."]
    pz = Pseudonymizer(use_ner=False).fit(texts)
    out = [pz.transform(t) for t in texts]
    assert out == [
        "Jeg talte med [Person 1] om praktik.",
        "[Person 1] ringede igen, og [Person 2] svarede.",
        "[Person 2] er sød.",
    ]


def test_a_full_name_in_the_genitive_is_the_same_person():
    """The NER tags "Lone Hansens" whole; it was a third person beside "Lone Hansen" and "Lone" (make demo's
    key held all three). The genitive s stays after the placeholder, as for "Lones"."""
    texts = ["Lone Hansen ringede.", "Det var Lone Hansens skyld.", "Lone kom senere."]
    pz = Pseudonymizer(use_ner=False, names=["Lone Hansens"]).fit(texts)
    assert [pz.transform(t) for t in texts] == [
        "[Person 1] ringede.",
        "Det var [Person 1]s skyld.",
        "[Person 1] kom senere.",
    ]
    assert pz.key()["entities"]["[Person 1]"]["originals"] == ["Lone Hansen"]


def test_speakers_get_role_labels_and_their_mentions_follow():
    pz = Pseudonymizer(use_ner=False)
    pz.fit([], speakers=[("Moderator (Lise)", "moderator"), ("Kim", "participant"), ("Interviewer", "moderator")])
    assert pz.speaker("Kim") == "Deltager 1"
    assert pz.speaker("Interviewer") == "Interviewer"  # a generic label names nobody
    assert pz.speaker("12") == "12"
    assert pz.transform("Tak, Kim. Jeg hedder Lise.") == "Tak, [Deltager 1]. Jeg hedder [Moderator 1]."


def test_key_reverses_and_reloading_it_keeps_numbering():
    pz = Pseudonymizer(use_ner=False).fit(["Ring til Jens på 22 33 44 55."])
    text = pz.transform("Ring til Jens på 22 33 44 55.")
    key = pz.key()
    assert "Jens" not in text and "22 33 44 55" not in text
    assert Pseudonymizer.reverse(text, key) == "Ring til Jens på 22334455."  # phones come back normalised
    again = Pseudonymizer(use_ner=False).load_key(key)
    assert again.transform("Jens og Pia") == "[Person 1] og [Person 2]"


# ------------------------------------------------------------------ the project flow
def test_pseudonymize_project_on_sample_transcript(tmp_path, transcripts_dir):
    from focusgroup.pipeline import import_files

    path = tmp_path / "study.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        speakers = [sp.name for sp in proj.speakers()]
        originals = {q.id: q.text for q in proj.quotes()}
        summary = pseudonymize_project(proj, use_ner=False)
        view = pseudonymized_view(proj, use_ner=False)
    assert view.stored
    assert summary.key_path == tmp_path / "study.fgproj.pseudokey.json"
    assert stat.S_IMODE(summary.key_path.stat().st_mode) == 0o600
    key = json.loads(summary.key_path.read_text(encoding="utf-8"))
    # the key is not in the project file; the real names are not in the pseudonymised texts
    assert summary.key_path.read_bytes() not in path.read_bytes()
    real = [n for n in speakers if view.speakers[n] != n]
    assert len(real) >= 5 and all(view.speakers[n].split()[0] in {"Moderator", "Deltager"} for n in real)
    for text in view.quotes.values():
        for name in ["Kim", "Sanne", "Ahmed", "Jonas", "Bente", "Lise"]:
            assert f"{name} " not in text and f"{name}," not in text and f"{name}." not in text, text
    changed = [qid for qid, t in view.quotes.items() if t != originals[qid]]
    assert len(changed) == summary.changed_quotes > 0
    # reversal with the key restores the original text where each placeholder stood for one form
    restored = [qid for qid in changed if reverse_text(view.quotes[qid], summary.key_path) == originals[qid]]
    assert len(restored) >= len(changed) // 2, (len(restored), len(changed))
    assert key["speakers"]["Deltager 1"] == "Kim"
    # deleting the project deletes its key too (Project.delete removes *.key* side files)
    Project.delete(path)
    assert not summary.key_path.exists()


def test_view_without_stored_run_computes_and_writes_nothing(tmp_path, transcripts_dir):
    from focusgroup.pipeline import import_files

    path = tmp_path / "s.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        view = pseudonymized_view(proj, use_ner=False)
        n_quotes = len(proj.quotes())
    assert not view.stored and len(view.quotes) == n_quotes
    assert not (tmp_path / "s.fgproj.pseudokey.json").exists()


# ------------------------------------------------------------------ the evaluation set
def test_gold_jsonl_matches_markup_file():
    assert bench_privacy.load_gold() == bench_privacy.parse_markup()
    gold = bench_privacy.load_gold()
    assert len(gold) >= 100
    for rec in gold:
        for sp in rec["spans"]:
            assert rec["text"][sp["start"] : sp["end"]].strip() == rec["text"][sp["start"] : sp["end"]]


def test_rule_based_recall_on_direct_identifiers():
    """Without any model: CPR, phones, e-mails, addresses all found on the hand-made set."""
    res, _, _ = bench_privacy.evaluate(bench_privacy.load_gold(), use_ner=False)
    for label in ("CPR", "PHONE", "EMAIL", "ADDRESS"):
        assert res[label]["recall"] >= 0.95, (label, res[label])
        assert res[label]["precision"] >= 0.9, (label, res[label])
    assert res["PER"]["precision"] >= 0.9


def test_cli_pseudonymize(tmp_path, transcripts_dir):
    from typer.testing import CliRunner

    from focusgroup.cli import app
    from focusgroup.pipeline import import_files

    path = tmp_path / "cli.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
    args = ["pseudonymize", str(path), "--no-ner", "--show", "1", "--label", "participant=Informant"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "personnavne" in result.output and "talere omdøbt" in result.output
    assert (tmp_path / "cli.fgproj.pseudokey.json").exists()
    with Project(path) as proj:
        view = pseudonymized_view(proj, use_ner=False)
        assert view.stored
        assert view.speakers["Kim"] == "Informant 1" and view.speakers["Moderator (Lise)"] == "Moderator 1"
    bad = CliRunner().invoke(app, ["pseudonymize", str(path), "--no-ner", "--label", "chef=Boss"])
    assert bad.exit_code == 2 and "ROLLE=BETEGNELSE" in bad.output


def test_numeric_or_generic_speaker_ids_never_rewrite_the_text():
    pz = Pseudonymizer(use_ner=False).fit(["Jeg har ventet 12 uger, sagde Interviewer."], speakers=[("12", "respondent"), ("Interviewer", "moderator")])
    assert pz.speaker("12") == "12"
    assert pz.transform("Jeg har ventet 12 uger, sagde Interviewer.") == "Jeg har ventet 12 uger, sagde Interviewer."
