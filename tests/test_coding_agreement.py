"""Codings with their coder, and agreement between two coders checked against the reference packages."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.coding import review
from focusgroup.coding.agreement import project_agreement
from focusgroup.errors import UserError
from focusgroup.pipeline import import_files
from focusgroup.stats.agreement import agreement, cohen_kappa, krippendorff_alpha
from focusgroup.store import Project
from focusgroup.store import coding as store

CODES = ["Telefonisk kontakt", "Jobklubbens åbningstider", "Skift af sagsbehandler", "Breve"]
# Two coders' single codes on 20 quotes: 14 agree, 6 do not (a realistic κ around .6).
A = [0, 0, 1, 1, 2, 2, 3, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 0, 1, 2]
B = [0, 0, 1, 1, 2, 2, 3, 3, 0, 1, 2, 3, 1, 0, 3, 2, 2, 0, 1, 0]


@pytest.fixture()
def coded(tmp_path, transcripts_dir):
    path = tmp_path / "studie.fgproj"
    with Project(path) as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        ids = [q.id for q in proj.quotes(roles=["participant"])][:22]
        for qid, a, b in zip(ids, A, B, strict=False):
            review.code_quotes(proj, [qid], CODES[a], "Anna")
            review.code_quotes(proj, [qid], CODES[b], "Bo")
        review.code_quotes(proj, ids[20:22], CODES[0], "Anna")  # only Anna: left out of agreement
    return path, ids


def test_codings_keep_coder_origin_and_danish_names(coded):
    path, ids = coded
    with Project(path) as proj:
        rows = store.codings(proj, coder="Anna")
        assert len(rows) == 22 and {r.origin for r in rows} == {"manual"}
        assert {c.name for c in store.codes(proj)} == set(CODES)
        assert store.coders(proj) == ["Anna", "Bo"]
        # coding again is idempotent; removing works per coder
        review.code_quotes(proj, [ids[0]], CODES[0], "Anna")
        assert len(store.codings(proj, coder="Anna")) == 22
        assert review.uncode(proj, [ids[0]], CODES[0], "Bo") == 1
        assert len(store.codings(proj, coder="Anna")) == 22
        with pytest.raises(UserError) as err:
            review.code_quotes(proj, [999999], CODES[0], "Anna")
        assert err.value.code == "coding_unknown_quotes"
        with pytest.raises(UserError):
            review.code_quotes(proj, [ids[0]], CODES[0], store.MACHINE_CODER)


def test_agreement_matches_sklearn_and_krippendorff(coded):
    path, ids = coded
    with Project(path) as proj:
        report = project_agreement(proj)
    assert report.coders == ("Anna", "Bo")
    assert report.overall.n == 20 and report.only_a == 2 and report.only_b == 0
    assert report.overall.percent == pytest.approx(14 / 20)
    assert report.overall.kappa == pytest.approx(cohen_kappa_score(A, B))
    assert report.overall.alpha == pytest.approx(krippendorff.alpha(reliability_data=[A, B],
                                                                     level_of_measurement="nominal"))
    assert report.overall.disagreements == [ids[i] for i in range(20) if A[i] != B[i]]
    for row in report.per_code:
        k = CODES.index(row.code)
        a, b = [x == k for x in A], [y == k for y in B]
        assert row.kappa == pytest.approx(cohen_kappa_score(a, b))
        assert row.alpha == pytest.approx(krippendorff.alpha(reliability_data=np.array([a, b], dtype=float),
                                                             level_of_measurement="nominal"))
        assert row.n_a == sum(a) and row.n_b == sum(b)


def test_multi_code_quotes_agree_only_on_the_same_set():
    a = {1: {"x", "y"}, 2: {"x"}, 3: {"y"}, 4: {"x"}}
    b = {1: {"x"}, 2: {"x"}, 3: {"y"}, 4: {"y"}, 5: {"x"}}
    r = agreement(a, b)
    assert r.overall.n == 4 and r.overall.disagreements == [1, 4] and r.only_b == 1
    x = next(c for c in r.per_code if c.code == "x")
    assert x.disagreements == [4] and x.kappa == pytest.approx(cohen_kappa_score([1, 1, 0, 1], [1, 1, 0, 0]))


def test_undefined_when_both_coders_use_one_category():
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]))
    assert math.isnan(krippendorff_alpha(["a", "a"], ["a", "a"]))
    assert cohen_kappa(["a", "b"], ["a", "b"]) == 1.0


def test_agreement_errors_name_the_problem(tmp_path, transcripts_dir):
    with Project(tmp_path / "p.fgproj") as proj:
        import_files(proj, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        q = [x.id for x in proj.quotes()][:3]
        review.code_quotes(proj, q[:1], "Breve", "Anna")
        with pytest.raises(UserError) as err:
            project_agreement(proj)
        assert err.value.code == "coding_need_two_coders"
        review.code_quotes(proj, q[1:2], "Breve", "Bo")
        with pytest.raises(UserError) as err:
            project_agreement(proj)
        assert err.value.code == "coding_no_shared_quotes"
        with pytest.raises(UserError) as err:
            project_agreement(proj, ("Anna", "Carl"))
        assert "Carl" in str(err.value)


def test_cli_code_and_agreement(coded):
    path, ids = coded
    runner = CliRunner()
    out = runner.invoke(app, ["code", str(path), str(ids[0]), str(ids[1]), "--code", "Ventetid", "--coder", "Carl"])
    assert out.exit_code == 0, out.output
    assert "2 citat(er) kodet med 'Ventetid' af Carl" in out.output
    out = runner.invoke(app, ["agreement", str(path), "--coders", "Anna", "Bo"])
    assert out.exit_code == 0, out.output
    assert "Cohens κ" in out.output and "Jobklubbens åbningstider" in out.output
    # κ as the app writes it: "0,60" in Danish (was "0.60" beside the app's "0,60"), a negative one with U+2212
    from focusgroup import messages

    assert messages.dec(cohen_kappa_score(A, B), "da") in out.output
    assert "Uenige citater" in out.output
    out = runner.invoke(app, ["agreement", str(path), "--coders", "Anna", "Dorte"])
    assert out.exit_code == 2 and "Dorte" in out.output
