"""The merge at the end of a batch run: project file, quotes.csv and themes.csv from the chunk files.

Everything is streamed chunk by chunk (one SQLite transaction per chunk, quotes.csv rows written as
they are stored), so 100,000 answers never sit in memory together. Each output is written under a
temporary name and renamed into place only when complete: a run killed here leaves the previous
outputs (or none), never a truncated file, and the re-run simply merges again.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from focusgroup.batch.checkpoint import Checkpoint, atomic_json
from focusgroup.batch.layout import source_offset
from focusgroup.batch.reader import TableInfo
from focusgroup.batch.themefit import FittedThemes
from focusgroup.export.quotes_csv import BASE_COLUMNS, neutralise
from focusgroup.progress import Progress, silent
from focusgroup.records import RESPONDENT, SURVEY, Theme
from focusgroup.store import Project

PROJECT = "project.fgproj"
KEY_SUFFIX = ".pseudokey.json"  # as focusgroup.privacy names the key file
TEXT_FLUSH_CHARS = 4_000_000  # source text is appended to SQLite in pieces of about this size
STEP = "Skriver projekt og quotes.csv"


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_outputs(ck: Checkpoint, info: TableInfo, fitted: FittedThemes, out_dir: Path,
                  chunk_quotes: list[int], params: dict[str, Any], progress: Progress = silent,
                  *, pseudonymize: bool = True) -> dict[str, Path]:
    """Merge the chunk files; ``pseudonymize`` (default, as every export) hides personal data in quotes.csv."""
    out_dir.mkdir(parents=True, exist_ok=True)
    project_path, csv_path = out_dir / PROJECT, out_dir / "quotes.csv"
    key_path = project_path.with_name(project_path.name + KEY_SUFFIX)
    tmp_project, tmp_csv = _tmp(project_path), _tmp(csv_path)
    Project.delete(tmp_project)
    pz = _pseudonymizer() if pseudonymize else None
    try:
        with Project(tmp_project) as project, tmp_csv.open("w", encoding="utf-8", newline="") as fh:
            _fill(project, ck, info, fitted, csv.writer(fh), chunk_quotes, params, progress, pz)
        for side in ("-wal", "-shm", "-journal"):  # a closed project has none; never pair old side files with it
            project_path.with_name(project_path.name + side).unlink(missing_ok=True)
        os.replace(tmp_project, project_path)
        if pz is not None:
            atomic_json(key_path, pz.key())  # the key lives apart from the project, as `pseudonymize` keeps it
        else:
            key_path.unlink(missing_ok=True)
        os.replace(tmp_csv, csv_path)
    finally:
        Project.delete(tmp_project)
        tmp_csv.unlink(missing_ok=True)
    themes_path = write_themes(project_path, out_dir / "themes.csv", pseudonymize=pseudonymize)
    return {"project": project_path, "quotes": csv_path, "themes": themes_path}


def _pseudonymizer() -> Any:
    """Name lists and patterns only (no NER): consistent placeholders at survey scale, one pass."""
    from focusgroup.privacy import Pseudonymizer

    return Pseudonymizer(use_ner=False)


def _fill(project: Project, ck: Checkpoint, info: TableInfo, fitted: FittedThemes, writer: Any,
          chunk_quotes: list[int], params: dict[str, Any], progress: Progress, pz: Any = None) -> None:
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
                text = q["text"]
                if pz is not None:
                    text = pz.transform(text)
                    conn.execute("INSERT INTO pseudonymized_quotes(quote_id, text) VALUES (?,?)", (quote_id, text))
                writer.writerow([neutralise(v) for v in [
                    quote_id, info.path.name, q["turn"], _speaker(pz, q["speaker"]), RESPONDENT,
                    offset + q["start"], offset + q["end"], text, theme.id if theme else "", theme.label if theme else "",
                    label, f"{score:.3f}" if label else "", *(q["metadata"].get(c, "") for c in meta_columns),
                ]])
            if sum(map(len, buffered)) >= TEXT_FLUSH_CHARS or index == len(chunk_quotes) - 1:
                conn.execute("UPDATE sources SET text = text || ? WHERE id=?", ("".join(buffered), source_id))
                buffered = []
        if pz is not None and hasattr(pz, "_cache"):
            pz._cache.clear()  # its per-text detection cache would grow with the input; texts rarely repeat
        number += len(layout["quotes"])
        done += len(layout["quotes"])
        progress(STEP, done, total)
    _theme_stats(project, run_id, themes, fitted, quote_ids)
    if pz is not None:
        project.set_setting("privacy", {"key_file": PROJECT + KEY_SUFFIX, "use_ner": False, "quotes": total,
                                        "by": "batch"})
    project.finish_run(run_id)


def _speaker(pz: Any, name: str) -> str:
    """Respondent labels ("Respondent 17") identify nobody; an id column holding names is pseudonymised."""
    if pz is None:
        return name
    from focusgroup.privacy.pseudonymizer import GENERIC_SPEAKER

    return name if GENERIC_SPEAKER.match(name) else pz.speaker(name, RESPONDENT)


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


def write_themes(project_path: Path, path: Path, *, pseudonymize: bool = True) -> Path:
    """themes.csv with the themes export's columns and rows, reading only the themes' own quotes.

    ``write_themes_csv`` builds a view of the whole project (every quote and source text): right
    for a study, not for 100,000 answers, so batch hands ``theme_rows`` a view of just what it shows.
    """
    from focusgroup.export.themes_csv import COLUMNS, theme_rows

    tmp = _tmp(path)
    try:
        with Project(project_path, create=False) as project:
            themes = project.themes()
            ids = sorted({i for t in themes for i in t.representative_quote_ids})
            table = "pseudonymized_quotes" if pseudonymize else "quotes"
            column = "quote_id" if pseudonymize else "id"
            rows = project.conn.execute(
                f"SELECT {column}, text FROM {table} WHERE {column} IN ({','.join('?' * len(ids))})", ids
            ).fetchall() if ids else []
            view = _ThemesView(themes, {r[0]: SimpleNamespace(id=r[0], text=r[1]) for r in rows})
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for row in theme_rows(view):
                writer.writerow({k: neutralise(v) for k, v in row.items()})
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


@dataclass
class _ThemesView:
    """The part of ``focusgroup.export._view.ExportView`` that ``theme_rows`` reads."""

    themes: list[Theme]
    quote_by_id: dict[int, Any]

    def theme_memo(self, theme: Theme) -> str:
        return theme.memo


def _json(value: Any) -> str:
    import json

    return json.dumps(value or {}, ensure_ascii=False)

