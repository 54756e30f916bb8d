"""Comments that need a reply: the Danish cues on written examples, the stored flag with a researcher's
decision kept, and the trained model on the labelled test split (tests/data/replies/test.tsv)."""

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
            for name in ("dev", "test")}
    assert sum(len(r) for r in rows.values()) >= 150
    for split in rows.values():
        assert {r["needs_reply"] for r in split} == {"0", "1"}
        assert all((r["reason"] in (QUESTION, CONTACT, CASE)) == (r["needs_reply"] == "1") for r in split)
    assert not {r["text"] for r in rows["dev"]} & {r["text"] for r in rows["test"]}


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
def test_model_precision_and_recall_on_the_test_split():
    from focusgroup.replies import classify

    rows = list(csv.DictReader((DATA / "test.tsv").open(encoding="utf-8"), delimiter="\t"))
    got = classify([r["text"] for r in rows])
    tp = sum(g[0] and r["needs_reply"] == "1" for g, r in zip(got, rows, strict=True))
    precision = tp / sum(g[0] for g in got)
    recall = tp / sum(r["needs_reply"] == "1" for r in rows)
    assert precision >= 0.8 and recall >= 0.8
