"""Word search: base forms, inflections, compounds, every query word highlighted; the CLI commands."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.search import SearchIndex, search_texts, stem
from focusgroup.store import Project

TEXTS = [
    "Sagsbehandlerne ringer aldrig tilbage.",
    "Jeg fik brevet i går, men forstod det ikke.",
    "Telefonmøder er fine, men telefontiden er kort og telefonkøen er lang.",
    "Mine sagsbehandlere var gode.",
    "Det tager tid.",
    "Tidlig morgen er svært.",
    "En jobkonsulent hjalp mig.",
]


def _identity(words):
    return {w: w for w in words}


def hits(query: str, exact: bool = False) -> dict[int, list[tuple[int, int]]]:
    return search_texts(TEXTS, query, exact, lemmatize=_identity)


def test_light_stem_joins_inflections() -> None:
    assert stem("sagsbehandlerne") == stem("sagsbehandlere") == stem("sagsbehandler")
    assert stem("brevet") == stem("breve") == "brev"


def test_inflections_and_compounds_are_found_with_every_span() -> None:
    assert set(hits("sagsbehandlerne")) == {0, 3}
    assert set(hits("brev")) == {1}
    found = hits("telefon")
    assert set(found) == {2}
    words = [TEXTS[2][s:e] for s, e in found[2]]
    assert words == ["Telefonmøder", "telefontiden", "telefonkøen"]
    assert set(hits("konsulent")) == {6}  # compound head


def test_short_words_match_whole_words_only() -> None:
    assert set(hits("tid")) == {4}  # not "Tidlig", not "telefontiden"


def test_every_word_of_a_two_word_query_must_match_and_is_highlighted() -> None:
    found = hits("telefon lang")
    assert set(found) == {2}
    assert "lang" in [TEXTS[2][s:e] for s, e in found[2]]
    assert hits("telefon brev") == {}


def test_exact_search_takes_the_word_form_only() -> None:
    assert set(hits("sagsbehandlerne", exact=True)) == {0}
    assert hits("telefon", exact=True) == {}


def test_lemmas_from_the_danish_pipeline_are_used() -> None:
    index = SearchIndex(["Jeg gik hjem.", "Vi går nu."], lemmatize=lambda ws: {w: {"gik": "gå", "går": "gå"}.get(w, w)
                                                                          for w in ws})
    assert set(index.search("gik")) == {0, 1}


def _project_file(sample_study: Path) -> Path:
    return sample_study if sample_study.suffix == ".fgproj" else sample_study / "project.fgproj"


def test_cli_search_lists_ids_codes_hits_and_writes_pseudonymised_csv(sample_study: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.fgproj"
    shutil.copy(_project_file(sample_study), project)
    runner = CliRunner()
    result = runner.invoke(app, ["search", str(project), "telefon", "--limit", "200", "--out", str(tmp_path / "h.csv")])
    assert result.exit_code == 0, result.output
    with Project(project) as p:
        texts = {q.id: q.text for q in p.quotes()}
        themes = p.themes()
        parents = {t.parent_id for t in themes}
        target = next(t.id for t in themes if t.id not in parents)
    listed = {int(line.split("│")[1]) for line in result.output.splitlines()
              if line.startswith("│") and line.split("│")[1].strip().isdigit()}
    assert listed and all("telefon" in texts[q].lower() for q in listed)
    raw = (tmp_path / "h.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert {int(r["quote_id"]) for r in rows} >= listed
    assert all("telefon" in r["text"].lower() for r in rows)

    coded = runner.invoke(app, ["search", str(project), "telefontid", "--move-to", str(target)])
    assert coded.exit_code == 0, coded.output
    with Project(project) as p:
        moved = [q for q, t in texts.items() if "telefontid" in t.lower()]
        assignments = p.assignments()
        assert moved and all(assignments[q].theme_id == target for q in moved if q in assignments)


def test_cli_quotes_lists_the_ids_of_a_theme(sample_study: Path) -> None:
    project = _project_file(sample_study)
    with Project(project) as p:
        themes = p.themes()
        parents = {t.parent_id for t in themes}
        theme = max((t for t in themes if t.id not in parents), key=lambda t: t.size)
        members = {q for q, a in p.assignments().items() if a.theme_id == theme.id}
    assert len(members) >= 5
    result = CliRunner().invoke(app, ["quotes", str(project), "--theme", str(theme.id), "--limit", "1000"])
    assert result.exit_code == 0, result.output
    listed = {int(line.split("│")[1]) for line in result.output.splitlines()
              if line.startswith("│") and line.split("│")[1].strip().isdigit()}
    assert listed == members
