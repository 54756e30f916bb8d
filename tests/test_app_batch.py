"""A batch project (``focusgroup batch``) in the app: its run starts before its quotes are written.

Seen on the 10k batch project (session 15): every redraw of the Analyse page took 40 s at load 8, because
``themes.assign.new_quotes`` took all 10,007 quotes for new material (the run's ``last_quote_id`` is 0) and
ran the non-answer rules on them, to find none.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from focusgroup.ingest import read_file
from focusgroup.records import Assignment
from focusgroup.store import Project

for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
    logging.getLogger(_name).setLevel(logging.ERROR)

APP = str(Path(__file__).resolve().parents[1] / "app.py")
QUESTION = "Hvad kan jobcentret gøre bedre?"


def _batch_like(tmp_path: Path) -> Path:
    """As batch writes a project: the run first, then the answers, every informative one with a theme."""
    from focusgroup.records import Theme

    texts = ["Min sagsbehandler ringer aldrig tilbage.", "Brevene er svære at forstå.", "Ved ikke"]
    csv = tmp_path / "svar.csv"
    csv.write_text("\n".join([f"id;Ydelse;{QUESTION}"] + [f"{i};dagpenge;{texts[i % 3]}" for i in range(30)]) + "\n",
                   encoding="utf-8")
    path = tmp_path / "batch.fgproj"
    with Project(path) as p:
        run = p.start_run({"batch": True})
        for parsed in read_file(csv, text_columns=[QUESTION]):
            p.add_parsed(parsed)
        ids = p.save_themes(run, [Theme(label="Sagsbehandler"), Theme(label="Breve")])
        p.save_assignments(run, [Assignment(q.id, ids[0] if "sagsbehandler" in q.text else ids[1])
                                 for q in p.quotes(informative=True)])
        p.finish_run(run)
        assert p.runs()[-1]["params"]["last_quote_id"] < p.last_quote_id()  # the batch run's clock
    return path


def test_the_analysis_page_of_a_batch_project_does_not_look_for_new_material_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from focusgroup.themes import assign

    calls = []
    real = assign.new_quotes
    monkeypatch.setattr(assign, "new_quotes", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["started"] = True
    at.session_state["project_path"] = str(_batch_like(tmp_path).resolve())
    at.session_state["next_page"] = "analysis"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not calls  # every informative answer has a theme: nothing can be new
    assert not [b for b in at.button if b.key == "w_assign"]
    assert [b for b in at.button if b.key == "w_pseudonymize"]  # the rest of the page is drawn
