"""The merge at the end of a batch run: project file, quotes.csv and themes.csv from the chunk files.

Everything is streamed chunk by chunk (one SQLite transaction per chunk, quotes.csv rows written as
they are stored), so 100,000 answers never sit in memory together. Each output is written under a
temporary name and renamed into place only when complete: a run killed here leaves the previous
outputs (or none), never a truncated file, and the re-run simply merges again.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from focusgroup.batch.checkpoint import Checkpoint
from focusgroup.batch.layout import source_offset
from focusgroup.batch.reader import TableInfo
from focusgroup.batch.themefit import FittedThemes
from focusgroup.export.quotes_csv import BASE_COLUMNS, neutralise
from focusgroup.progress import Progress, silent
from focusgroup.records import RESPONDENT, SURVEY, Theme
from focusgroup.store import Project

TEXT_FLUSH_CHARS = 4_000_000  # source text is appended to SQLite in pieces of about this size
STEP = "Skriver projekt og quotes.csv"


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_outputs(ck: Checkpoint, info: TableInfo, fitted: FittedThemes, out_dir: Path,
                  chunk_quotes: list[int], params: dict[str, Any], progress: Progress = silent) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    project_path, csv_path = out_dir / "project.fgproj", out_dir / "quotes.csv"
    tmp_project, tmp_csv = _tmp(project_path), _tmp(csv_path)
    Project.delete(tmp_project)
    try:
        with Project(tmp_project) as project, tmp_csv.open("w", encoding="utf-8", newline="") as fh:
            _fill(project, ck, info, fitted, csv.writer(fh), chunk_quotes, params, progress)
        Project.delete(project_path)
        os.replace(tmp_project, project_path)
        os.replace(tmp_csv, csv_path)
    finally:
        Project.delete(tmp_project)
        tmp_csv.unlink(missing_ok=True)
    themes_path = write_themes(project_path, out_dir / "themes.csv")
    return {"project": project_path, "quotes": csv_path, "themes": themes_path}


def _fill(project: Project, ck: Checkpoint, info: TableInfo, fitted: FittedThemes, writer: Any,
          chunk_quotes: list[int], params: dict[str, Any], progress: Progress) -> None:
    meta_columns = info.meta_columns
    writer.writerow(BASE_COLUMNS + [c for c in meta_columns if c not in BASE_COLUMNS])
    with project.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO sources(name, kind, format, encoding, sha256, text, metadata) VALUES (?,?,?,?,?,'',?)",
            (info.path.name, SURVEY, info.path.suffix.lower().lstrip("."), info.encoding, info.sha256,
             _json({"text_columns": [info.text_column], "id_column": info.id_column, "sheet": info.sheet,
                    "delimiter": info.delimiter, "batch": True})),
        )
        source_id = int(cur.lastrowid)
    run_id = project.start_run(params)
    themes = [Theme(label=t.label, keywords=t.keywords, topic=t.topic) for t in fitted.topics]
    project.save_themes(run_id, themes)
    theme_of = {t.topic: t for t in themes}
    wanted = {q for t in fitted.topics for q in t.representative}
    quote_ids: dict[int, int] = {}  # representative quote number -> quote id
    text_length, buffered = 0, []
    total, done, number = sum(chunk_quotes), 0, 0
    progress(STEP, 0, total)
    for index in range(len(chunk_quotes)):
        layout = ck.load_chunk_json("layout", index)
        sent = ck.load_chunk_json("sentiment", index)
        assigned = ck.load_chunk_arrays("assign", index)
        offset, sep = source_offset(text_length, layout["text"])
        buffered.append(sep + layout["text"])
        text_length = offset + len(layout["text"])
        with project.transaction() as conn:
            speakers = _speaker_ids(conn, source_id, {q["speaker"] for q in layout["quotes"]})
            for j, q in enumerate(layout["quotes"]):
                cur = conn.execute(
                    'INSERT INTO quotes(source_id, speaker_id, turn, part, start, "end", text, column_name, '
                    "informative, metadata) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (source_id, speakers[q["speaker"]], q["turn"], q["part"], offset + q["start"],
                     offset + q["end"], q["text"], q["column"], int(q["informative"]), _json(q["metadata"])),
                )
                quote_id = int(cur.lastrowid)
                if number + j in wanted:
                    quote_ids[number + j] = quote_id
                label, score = sent["labels"][j], sent["scores"][j]
                if label:
                    conn.execute("INSERT INTO sentiments(quote_id, label, score, mixed, model) VALUES (?,?,?,?,?)",
                                 (quote_id, label, float(score), int(sent["mixed"][j]), sent["model"]))
                topic = int(assigned["topics"][j])
                theme = theme_of.get(topic)
                if q["informative"]:
                    conn.execute("INSERT INTO assignments(run_id, quote_id, theme_id, probability, by) "
                                 "VALUES (?,?,?,?,'model')",
                                 (run_id, quote_id, theme.id if theme else None, float(assigned["sims"][j])))
                writer.writerow([neutralise(v) for v in [
                    quote_id, info.path.name, q["turn"], q["speaker"], RESPONDENT, offset + q["start"],
                    offset + q["end"], q["text"], theme.id if theme else "", theme.label if theme else "",
                    label, f"{score:.3f}" if label else "", *(q["metadata"].get(c, "") for c in meta_columns),
                ]])
            if sum(map(len, buffered)) >= TEXT_FLUSH_CHARS or index == len(chunk_quotes) - 1:
                conn.execute("UPDATE sources SET text = text || ? WHERE id=?", ("".join(buffered), source_id))
                buffered = []
        number += len(layout["quotes"])
        done += len(layout["quotes"])
        progress(STEP, done, total)
    _theme_stats(project, run_id, themes, fitted, quote_ids)
    project.finish_run(run_id)


def _speaker_ids(conn: Any, source_id: int, names: set[str]) -> dict[str, int]:
    ids = {}
    for name in sorted(names):
        conn.execute("INSERT OR IGNORE INTO speakers(source_id, name, role) VALUES (?,?,?)",
                     (source_id, name, RESPONDENT))
        ids[name] = conn.execute("SELECT id FROM speakers WHERE source_id=? AND name=?",
                                 (source_id, name)).fetchone()[0]
    return ids


def _theme_stats(project: Project, run_id: int, themes: list[Theme], fitted: FittedThemes,
                 quote_ids: dict[int, int]) -> None:
    """Size and coverage over every assigned answer (not just the sample), computed in SQL."""
    rows = project.conn.execute(
        "SELECT a.theme_id, count(*), count(DISTINCT q.speaker_id), count(DISTINCT q.source_id) "
        "FROM assignments a JOIN quotes q ON q.id=a.quote_id WHERE a.run_id=? AND a.theme_id IS NOT NULL "
        "GROUP BY a.theme_id", (run_id,)).fetchall()
    stats = {r[0]: (r[1], r[2], r[3]) for r in rows}
    for theme, summary in zip(themes, fitted.topics, strict=True):
        size, n_speakers, n_sources = stats.get(theme.id, (0, 0, 0))
        project.update_theme(theme.id, size=size, n_speakers=n_speakers, n_sources=n_sources,
                             representative_quote_ids=[quote_ids[q] for q in summary.representative])


def write_themes(project_path: Path, path: Path) -> Path:
    """themes.csv through the themes export when it exists, else the same columns written here."""
    tmp = _tmp(path)
    try:
        with Project(project_path, create=False) as project:
            try:
                from focusgroup.export.themes_csv import write_themes_csv
            except ImportError:
                _themes_csv(project, tmp)
            else:
                write_themes_csv(project, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


THEME_COLUMNS = ["theme_id", "label", "keywords", "size", "n_speakers", "n_sources", "representative_quotes"]


def _themes_csv(project: Project, path: Path) -> None:
    themes = project.themes()
    texts = {q.id: q.text for q in project.quotes(ids=[i for t in themes for i in t.representative_quote_ids])}
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(THEME_COLUMNS)
        for t in themes:
            reps = " | ".join(texts.get(i, "") for i in t.representative_quote_ids)
            writer.writerow([neutralise(v) for v in [t.id, t.label, ", ".join(t.keywords), t.size, t.n_speakers,
                                                     t.n_sources, reps]])


def _json(value: Any) -> str:
    import json

    return json.dumps(value or {}, ensure_ascii=False)

