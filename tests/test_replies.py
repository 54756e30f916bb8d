"""Comments that need a reply: the Danish cues on written examples, the stored flag with a researcher's
decision kept, and the trained model on the clean labelled test split (tests/data/replies/test2.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from focusgroup.replies import CASE, CONTACT, QUESTION, cues
from focusgroup.store import Project
from focusgroup.store.findings import Reply, replies, save_replies, set_reply

DATA = Path(__file__).parent / "data" / "replies"


@pytest.mark.parametrize(("text", "reason"), [
    ("Hvornår får jeg svar på min ansøgning om et kursus?", QUESTION),
    ("Ring venligst til mig, jeg har brug for hjælp.", CONTACT),
    ("Jeg har ikke fået udbetalt mine dagpenge for marts.", CASE),
    ("Jeg står registreret som udeblevet, men jeg var der.", CASE),
    ("Jobklubben burde have åbent længere.", ""),  # a suggestion
    ("Hvorfor skal alt være så besværligt?", ""),  # a rhetorical question
    ("Det var svært at få svar sidste år, men nu er det blevet bedre.", ""),  # over
    ("Mulighed for at bestille et opkald i stedet for at vente i kø.", ""),  # a suggestion, not a request
    ("Uden hende var jeg ikke kommet i gang med en uddannelse.", ""),  # praise
])
def test_cues_give_the_reason(text, reason):
    assert cues(text).reason == reason


def test_splits_are_labelled_and_large_enough():
    rows = {name: list(csv.DictReader((DATA / f"{name}.tsv").open(encoding="utf-8"), delimiter="\t"))
            for name in ("dev", "test", "test2")}
    assert sum(len(r) for r in rows.values()) >= 150 and len(rows["test2"]) >= 60
    for split in rows.values():
        assert {r["needs_reply"] for r in split} == {"0", "1"}
        assert all((r["reason"] in (QUESTION, CONTACT, CASE)) == (r["needs_reply"] == "1") for r in split)
    texts = [{r["text"] for r in split} for split in rows.values()]
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]


def test_researcher_decision_survives_a_new_run(tmp_path):
    from focusgroup.records import ParsedSource, Quote, Source, Speaker

    text = "Jeg har ikke fået mine penge.\nTak for hjælpen."
    parsed = ParsedSource(Source("s.csv", text, kind="survey"), [Speaker("r1", "respondent")], [
        Quote(text[:29], 0, 29, "r1", "respondent"), Quote(text[30:], 30, len(text), "r1", "respondent", turn=1)])
    with Project(tmp_path / "p.fgproj") as project:
        project.add_parsed(parsed)
        a, b = (q.id for q in project.quotes())
        save_replies(project, [Reply(a, True, CASE, 0.9), Reply(b, False, "", 0.1)])
        set_reply(project, a, False)  # the researcher unticks the flag
        save_replies(project, [Reply(a, True, CASE, 0.95), Reply(b, True, QUESTION, 0.6)])
        stored = replies(project)
        assert not stored[a].needs_reply and stored[a].by == "researcher"
        assert stored[b].needs_reply and stored[b].reason == QUESTION and stored[b].by == "model"


@pytest.mark.slow
def test_model_precision_and_recall_on_the_clean_test_split():
    """test2.tsv: written after the rules and the model were last changed, scored once before this test
    existed (bench/README.md); test.tsv was looked at while cues were fixed, so it is not the measure."""
    from focusgroup.replies import classify

    rows = list(csv.DictReader((DATA / "test2.tsv").open(encoding="utf-8"), delimiter="\t"))
    got = classify([r["text"] for r in rows], questions=[r["question"] for r in rows])
    tp = sum(g[0] and r["needs_reply"] == "1" for g, r in zip(got, rows, strict=True))
    precision = tp / sum(g[0] for g in got)
    recall = tp / sum(r["needs_reply"] == "1" for r in rows)
    assert precision >= 0.8 and recall >= 0.8


def test_only_survey_answers_are_checked(tmp_path):
    """A focus-group participant talks to the room, not to the organisation: transcript turns get no flag
    (empty needs_reply in quotes.csv), even where the survey cues would fire; survey answers get true/false."""
    from focusgroup.export._view import build_view
    from focusgroup.export.quotes_csv import view_rows
    from focusgroup.records import ParsedSource, Quote, Source, Speaker
    from focusgroup.replies import flag_project

    turn = "Kan jeg skrive til dig på mail? Ring til mig bagefter."
    survey = "Ring venligst til mig om min sag.\nDet fungerer fint."
    with Project(tmp_path / "p.fgproj") as project:
        project.add_parsed(ParsedSource(Source("fg.txt", turn), [Speaker("Kim", "participant")],
                                        [Quote(turn, 0, len(turn), "Kim", "participant")]))
        project.add_parsed(ParsedSource(Source("s.csv", survey, kind="survey"), [Speaker("r1", "respondent")], [
            Quote(survey[:33], 0, 33, "r1", "respondent", column="Andre kommentarer"),
            Quote(survey[34:], 34, len(survey), "r1", "respondent", turn=1, column="Andre kommentarer")]))
        assert cues(turn).reason  # the survey cues would fire on the turn
        assert flag_project(project) == 1
        rows = {r["text"]: r for r in view_rows(build_view(project, real_names=True))[1]}
    assert rows[turn]["needs_reply"] == "" and rows[turn]["reply_reason"] == ""
    assert (rows[survey[:33]]["needs_reply"], rows[survey[:33]]["reply_reason"]) == ("true", CONTACT)
    assert rows[survey[34:]]["needs_reply"] == "false"
