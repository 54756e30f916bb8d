"""The coding page through Streamlit's AppTest: code quotes, review a suggestion, see agreement."""

from __future__ import annotations

from pathlib import Path

from test_app_pages import html_text, open_app

from focusgroup.coding import review
from focusgroup.coding.agreement import project_agreement
from focusgroup.store import Project
from focusgroup.store import coding as store
from focusgroup.ui import sample


def test_code_review_and_agreement_on_the_page(tmp_path: Path) -> None:
    demo = sample.build(tmp_path / "demo.fgproj", n_quotes=160)
    with Project(demo) as p:
        run = p.start_run({"embedder": "tfidf"})  # fast suggestions in the test
        p.finish_run(run)
    at = open_app(demo, "coding")
    at.text_input(key="w_coder").set_value("Anna").run()
    quotes = at.multiselect(key="w_code_quotes")
    ids = [int(o.split("]")[0][1:]) for o in quotes.options[:2]]  # options read "[id] text"
    quotes.select(ids[0]).run()
    at.text_input(key="w_code_new").set_value("Telefonisk kontakt").run()
    at.button(key="fg-apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="w_code_quotes").value == []  # emptied after coding
    assert "1 citat(er) kodet med 'Telefonisk kontakt' af Anna." in [s.value for s in at.success]
    at.multiselect(key="w_code_quotes").select(ids[1]).run()
    at.selectbox(key="w_code_existing").set_value("Telefonisk kontakt").run()
    at.text_input(key="w_code_new").set_value("Breve og sprog").run()  # a new code wins over the chosen one
    at.button(key="fg-apply").click().run()
    with Project(demo) as p:
        mine = store.codings(p, coder="Anna")
        assert {c.code for c in mine} == {"Telefonisk kontakt", "Breve og sprog"} and len(mine) == 2
    # Forslag: suggest, accept the first, replace the second with another code
    at.button(key="fg-suggest").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "fg-card" in html_text(at)
    with Project(demo) as p:
        first = review.open_suggestions(p)[0]
    at.button(key="fg-accept").click().run()
    with Project(demo) as p:
        assert store.coding(p, first.id).status == "active"
        second = review.open_suggestions(p)[0]
    at.button(key="fg-other").click().run()
    with Project(demo) as p:
        assert store.coding(p, second.id).status == "rejected"
        assert len(store.codings(p, coder="Anna")) == 4
    # Enighed: Anna against the machine on the two reviewed quotes, with kappa
    at.run()
    table = next(d.value for d in at.dataframe if "Cohens κ" in d.value.columns)
    with Project(demo) as p:
        report = project_agreement(p)
    assert report.coders == ("Anna", store.MACHINE_CODER) and report.overall.n == 2
    overall = table.iloc[0]
    # κ with a decimal comma on the Danish page ("0,85"), as the Word report and the xlsx write it
    assert overall["citater"] == 2 and overall["Cohens κ"] == f"{report.overall.kappa:.2f}".replace(".", ",")
    assert not at.exception


def test_coded_files_upload_on_the_coding_page(tmp_path: Path) -> None:
    """A coded .csv and .qdpx uploaded on the page: imported once, unknown parts reported, errors in Danish."""
    import zipfile

    from focusgroup.export import export_project

    demo = sample.build(tmp_path / "demo.fgproj", n_quotes=120)
    with Project(demo) as p:
        ids = [q.id for q in p.quotes()][:3]
        review.code_quotes(p, ids[:2], "Telefonisk kontakt", "Anna")
        qdpx = export_project(p, "qdpx", tmp_path / "team.qdpx", real_names=True)
        review.uncode(p, ids[:2], "Telefonisk kontakt", "Anna")
    with zipfile.ZipFile(qdpx) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["project.qde"] = members["project.qde"].replace(b"</Project>", b"<Frobnicate/></Project>")
    with zipfile.ZipFile(qdpx, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)

    at = open_app(demo, "coding")
    at.text_input(key="w_coder").set_value("Bo").run()
    csv = f"citat_id;kode\n{ids[2]};Breve og sprog\n999999;Transport\n".encode()
    at.file_uploader(key="w_codings_file").upload("kodning.csv", csv, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [
        "1 kodninger af 1 kodere importeret (1 koder, 1 markeringer fundet i projektets citater, 1 ikke fundet)."]
    assert any("kodning.csv linje 3" in w.value for w in at.warning)
    at.run()  # a rerun does not import the same upload again
    with Project(demo) as p:
        assert [(c.quote_id, c.code, c.coder) for c in store.codings(p)] == [(ids[2], "Breve og sprog", "Bo")]

    at.file_uploader(key="w_codings_file").upload("team.qdpx", qdpx.read_bytes()).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("2 kodninger af 1 kodere importeret")
    assert any("Sprunget over: team.qdpx: <Frobnicate> læses ikke" in w.value for w in at.warning)
    with Project(demo) as p:
        assert {(c.quote_id, c.coder) for c in store.codings(p, coder="Anna")} == {(ids[0], "Anna"), (ids[1], "Anna")}

    at.file_uploader(key="w_codings_file").upload("kodning.qdpx", b"not a zip").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and at.error[0].value.startswith("kodning.qdpx: ikke en .qdpx-fil")
    assert "upload-" not in at.error[0].value  # the researcher's file name, never the stored one


def test_the_codable_quotes_are_found_once_not_after_every_coding(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """``select_quotes``' non-answer rules took 44 s on the 10k batch project on every redraw of the page,
    also after each coding; a coding changes no quote, role or flag, so they run once."""
    import importlib

    analyze = importlib.import_module("focusgroup.themes.analyze")  # the package exports a function of that name
    calls = []
    real = analyze.select_quotes
    monkeypatch.setattr(analyze, "select_quotes", lambda *a, **k: calls.append(1) or real(*a, **k))
    demo = sample.build(tmp_path / "demo.fgproj", n_quotes=60)
    at = open_app(demo, "coding")
    at.text_input(key="w_coder").set_value("Anna").run()
    quotes = at.multiselect(key="w_code_quotes")
    quotes.select(int(quotes.options[0].split("]")[0][1:])).run()
    at.text_input(key="w_code_new").set_value("Telefonisk kontakt").run()
    at.button(key="fg-apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert len(store.codings(p, coder="Anna")) == 1
    assert len(calls) == 1
