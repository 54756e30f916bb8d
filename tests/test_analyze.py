"""`focusgroup analyze` end to end on the sample focus groups: the quotes.csv/themes.csv contract,
pseudonymised output by default, and re-running that keeps the researcher's edits."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.export.quotes_csv import BASE_COLUMNS
from focusgroup.store import Project
from focusgroup.themes import edits

runner = CliRunner()
FILES = ("fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt")


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:  # quotes.csv has a BOM for Excel
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, transcripts_dir):
    out = tmp_path_factory.mktemp("analyse")
    files = [str(transcripts_dir / name) for name in FILES]
    result = runner.invoke(app, ["analyze", *files, "--out", str(out), "--embedder", "tfidf", "--seed", "7"])
    assert result.exit_code == 0, result.output
    return out, files


def test_quotes_csv_contract(analysed, transcripts_dir):
    out, _ = analysed
    rows = read_csv(out / "quotes.csv")
    assert list(rows[0])[: len(BASE_COLUMNS)] == BASE_COLUMNS
    with Project(out / "project.fgproj") as p:
        quotes = {q.id: q for q in p.quotes()}
        sources = {s.name: s for s in p.sources()}
        assert set(sources) == set(FILES)
        assert len(rows) == len(quotes)
        for row in rows:
            q = quotes[int(row["quote_id"])]
            assert (int(row["start"]), int(row["end"]), int(row["row"])) == (q.start, q.end, q.turn)
            assert sources[row["source"]].text[q.start : q.end] == q.text
    participants = [r for r in rows if r["role"] == "participant" and len(r["text"]) > 40]
    assert sum(bool(r["theme_id"]) for r in participants) > 0.8 * len(participants)
    assert all(r["sentiment"] in {"positiv", "neutral", "negativ"} for r in participants)
    assert all(-1 <= float(r["sentiment_score"]) <= 1 for r in participants)
    assert not any(r["theme_id"] for r in rows if r["role"] == "moderator")


def test_themes_csv_links_back_to_quotes(analysed):
    out, _ = analysed
    themes = read_csv(out / "themes.csv")
    quotes = read_csv(out / "quotes.csv")
    assert len(themes) >= 3
    assert sum(bool(t["keywords"]) for t in themes) >= 0.8 * len(themes)
    assert not any("griner" in t["keywords"] for t in themes)  # transcriber notes are not content
    children: dict[str, list[str]] = {}
    for t in themes:
        children.setdefault(t["parent_id"], []).append(t["theme_id"])

    def members(theme_id: str) -> list[dict]:  # a parent theme covers its children's quotes
        direct = [q for q in quotes if q["theme_id"] == theme_id]
        return direct + [q for child in children.get(theme_id, []) for q in members(child)]

    for theme in themes:
        assert theme["label"]
        found = members(theme["theme_id"])
        assert int(theme["size"]) == len(found)
        assert int(theme["n_speakers"]) == len({(q["source"], q["speaker"]) for q in found})


def test_outputs_are_pseudonymised_by_default(analysed, tmp_path):
    out, files = analysed
    text = (out / "quotes.csv").read_text(encoding="utf-8")
    for secret in ("Lone Hansen", "44 55 66 77", "jobcenter@soeholm.dk", "Sanne"):
        assert secret not in text
    real = tmp_path / "real"
    result = runner.invoke(app, ["analyze", str(out / "project.fgproj"), "--out", str(real), "--no-themes", "--real-names"])
    assert result.exit_code == 0, result.output
    assert "Lone Hansen" in (real / "quotes.csv").read_text(encoding="utf-8")


def test_rerun_keeps_edits_and_does_not_import_twice(analysed):
    out, files = analysed
    with Project(out / "project.fgproj") as p:
        parents = {t.parent_id for t in p.themes()}
        theme = max((t for t in p.themes() if t.id not in parents), key=lambda t: t.size)
        members = {qid for qid, a in p.assignments().items() if a.theme_id == theme.id}
        edits.rename(p, theme.id, "Kontakt med sagsbehandleren")
        counts = p.counts()
    # --refit: fit again although nothing changed (without it the run is kept: tests/test_analysis_reuse.py)
    result = runner.invoke(app, ["analyze", *files, "--out", str(out), "--embedder", "tfidf", "--seed", "7", "--refit"])
    assert result.exit_code == 0, result.output
    assert "findes allerede i projektet" in result.output  # warnings in Danish first (issue 17)
    with Project(out / "project.fgproj") as p:
        assert p.counts()["sources"] == counts["sources"] and p.counts()["runs"] == counts["runs"] + 1
        renamed = [t for t in p.themes() if t.label == "Kontakt med sagsbehandleren"]
        assert len(renamed) == 1
        now = {qid for qid, a in p.assignments().items() if a.theme_id == renamed[0].id}
        assert len(now & members) >= 0.8 * len(members)
    assert "Kontakt med sagsbehandleren" in (out / "themes.csv").read_text(encoding="utf-8")
