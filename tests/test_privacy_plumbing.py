"""Pseudonymisation plumbing: the NER runs once per text (process cache, then the project's span cache),
exports continue and write the key so numbering is stable between exports, and survey respondent ids
are renumbered through the key in pseudonymised exports."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from focusgroup.export import build_view
from focusgroup.export._pseudo import PrivacyScrubber
from focusgroup.pipeline import import_files
from focusgroup.privacy import Pseudonymizer, key_path_for, pseudonymize_project
from focusgroup.privacy.pseudonymizer import SEGMENT, clear_span_cache
from focusgroup.store import Project


@pytest.fixture
def ner_calls(monkeypatch):
    """Every text the NER model is run on (Pseudonymizer._run_ner is the one place it runs)."""
    seen: list[str] = []
    real = Pseudonymizer._run_ner

    def counting(nlp, texts):
        seen.extend(texts)
        return real(nlp, texts)

    monkeypatch.setattr(Pseudonymizer, "_run_ner", staticmethod(counting))
    clear_span_cache()
    yield seen
    clear_span_cache()


def test_ner_runs_once_per_text_across_exports_and_pseudonymize(tmp_path, transcripts_dir, ner_calls):
    path = tmp_path / "s.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        first = build_view(proj)
        n_first = len(ner_calls)
        assert n_first > 0 and len(set(ner_calls)) == n_first  # no text tagged twice in one export
        assert not any(SEGMENT in t for t in ner_calls)  # joined batches are tagged piece by piece
        again = build_view(proj)  # same process: the in-memory cache
        assert len(ner_calls) == n_first
        clear_span_cache()  # a new process (analyze, then export, then the app): the project's cache
        third = build_view(proj)
        pseudonymize_project(proj)
        assert len(ner_calls) == n_first
    assert [q.text for q in first.quotes] == [q.text for q in again.quotes] == [q.text for q in third.quotes]
    assert "Kim" not in {q.speaker for q in first.quotes}


def _transcript(path: Path, lines: list[str]) -> Path:
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_export_numbering_is_stable_when_a_source_goes(tmp_path):
    a = _transcript(tmp_path / "a.txt", ["Moderator: Hvem hjalp dig?", "Kim: Det gjorde Lone Hansen fra kommunen."])
    b = _transcript(tmp_path / "b.txt", ["Moderator: Og bagefter?", "Sanne: Så ringede Bent Madsen til mig."])
    path = tmp_path / "s.fgproj"
    with Project(path) as proj:
        import_files(proj, [a, b])
        first = {q.speaker: q.text for q in build_view(proj).quotes}
        key_file = key_path_for(proj)
        assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600  # written by the export
        proj.delete_source(next(s.id for s in proj.sources() if s.name.startswith("a")))
        second = {q.speaker: q.text for q in build_view(proj).quotes}
    bent = next(t for t in first.values() if "ringede" in t)
    assert "Bent" not in bent and "[Person 2]" in bent, first
    # without the key the remaining name would be renumbered [Person 1]; with it, it keeps [Person 2]
    assert next(t for t in second.values() if "ringede" in t) == bent
    assert "Deltager 2" in second and "Sanne" not in second


def test_survey_respondent_ids_are_renumbered_through_the_key(tmp_path):
    csv = tmp_path / "survey.csv"
    csv.write_text(
        "Respondent;Hvad kan vi gøre bedre?\n"
        "31015477;Svar hurtigere på mails, tak.\n"
        "31017352;Brevene kommer for sent, nogle gange efter mødet.\n"
        "31029438;Jobklubben hjalp mig med mit CV.\n",
        encoding="utf-8",
    )
    path = tmp_path / "s.fgproj"
    with Project(path) as proj:
        import_files(proj, [csv], text_columns=["Hvad kan vi gøre bedre?"])
        assert {sp.name for sp in proj.speakers()} == {"Respondent 31015477", "Respondent 31017352", "Respondent 31029438"}
        view = build_view(proj)
        again = build_view(proj)
        real = build_view(proj, real_names=True)
    speakers = [q.speaker for q in view.quotes]
    assert speakers == ["Respondent 1", "Respondent 2", "Respondent 3"]
    assert [q.speaker for q in again.quotes] == speakers
    assert [q.speaker for q in real.quotes] == ["Respondent 31015477", "Respondent 31017352", "Respondent 31029438"]
    # the id column itself is kept (ids are never pseudonymised, issue 15); the source text's labels follow
    assert [q.metadata["Respondent"] for q in view.quotes] == ["31015477", "31017352", "31029438"]
    shown = " ".join(s.text for s in view.sources)
    assert "31015477" not in shown and "Respondent 1" in shown, shown
    key = json.loads((tmp_path / "s.fgproj.pseudokey.json").read_text(encoding="utf-8"))
    assert key["speakers"]["Respondent 2"] == "Respondent 31017352"


def test_renumbered_ids_never_take_a_label_that_stays():
    pz = Pseudonymizer(use_ner=False).fit(
        speakers=[("Respondent 40011223", "respondent"), ("Respondent 1", "participant"), ("Kim", "participant")]
    )
    # "Respondent 1" (a transcript's own label, not an id) stays, so the id becomes Respondent 2
    assert pz.speaker("Respondent 1", "participant") == "Respondent 1"
    assert pz.speaker("Respondent 40011223", "respondent") == "Respondent 2"
    assert pz.speaker("Kim") == "Deltager 1"
    assert pz.speaker("P3") == "P3" and pz.speaker("12") == "12"  # small labels and bare numbers identify nobody
    again = Pseudonymizer(use_ner=False).load_key(pz.key())
    assert again.speaker("Respondent 40011223", "respondent") == "Respondent 2"
    assert again.speaker("Respondent 55550000", "respondent") == "Respondent 3"


def test_joined_texts_are_tagged_piece_by_piece():
    assert PrivacyScrubber.SEPARATOR == SEGMENT
    from focusgroup.privacy.ner_spans import segments as _segments

    joined = SEGMENT.join(["Lone ringede.", "", "Bent svarede."])
    segs = _segments(joined)
    assert [p for _, p in segs] == ["Lone ringede.", "", "Bent svarede."]
    assert all(joined[o : o + len(p)] == p for o, p in segs)
    # one-word pieces (labels, keywords, cells) stay together: alone, the CNN called "Breve" a person
    from focusgroup.privacy.ner_spans import _group_words

    joined = SEGMENT.join(["Lone ringede.", "Breve", "brev", "Jobklub", "Bent svarede."])
    grouped = _group_words(_segments(joined))
    assert [p for _, p in grouped] == ["Lone ringede.", SEGMENT.join(["Breve", "brev", "Jobklub"]), "Bent svarede."]
    assert all(joined[o : o + len(p)] == p for o, p in grouped)
