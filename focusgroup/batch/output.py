"""The merge at the end of a batch run: project file, quotes.csv and themes.csv from the chunk files.

What is batch's own here is only the streaming: everything goes chunk by chunk (one SQLite
transaction per chunk through the store's bulk ``append_quotes``, quotes.csv rows written as they
are stored), so 100,000 answers never sit in memory together. The rows themselves are the export's:
each chunk becomes a small ``ExportView`` and ``view_rows``/``theme_rows`` write it, so batch's
quotes.csv and themes.csv have exactly ``focusgroup analyze``'s columns and pseudonymisation. The
chunks' vectors go into the project's embedding cache, so analysing the project again (app, CLI)
embeds nothing that batch embedded.

Each output is written under a temporary name and renamed into place only when complete: a run
killed here leaves the previous outputs (or none), never a truncated file, and the re-run simply
merges again.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from focusgroup.batch.carry import Keeper
from focusgroup.batch.checkpoint import Checkpoint
from focusgroup.batch.embed_store import EmbeddingStore
from focusgroup.batch.layout import source_offset
from focusgroup.batch.ner import NerAhead, NerFailed, chunk_texts, describe_error, drop
from focusgroup.batch.reader import TableInfo
from focusgroup.batch.themefit import FittedThemes
from focusgroup.export._view import TITLE_SETTING, ExportView, quote_view, scrub_themes
from focusgroup.export.quotes_csv import neutralise, view_rows
from focusgroup.progress import Progress, silent
from focusgroup.records import RESPONDENT, SURVEY, Assignment, Quote, Sentiment, Source, Theme
from focusgroup.sentiment.question import judge
from focusgroup.store import Project
from focusgroup.store.keyfile import key_path, write_key

PROJECT = "project.fgproj"
TEXT_FLUSH_CHARS = 4_000_000  # source text is appended to SQLite in pieces of about this size
STEP = "Skriver projekt og quotes.csv"
CLASSIFY_ROWS = 50_000  # answers whose background cells decide the columns' classes (all, up to this)


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def merge_outputs(ck: Checkpoint, info: TableInfo, fitted: FittedThemes, out_dir: Path,
                  chunk_quotes: list[int], params: dict[str, Any], progress: Progress = silent,
                  *, pseudonymize: bool = True, embedder: Any = None, ner: NerAhead | None = None,
                  title: str = "", keep: Keeper | None = None) -> dict[str, Path]:
    """Merge the chunk files; ``pseudonymize`` (default, as every export) hides personal data in the CSVs
    with analyze's pseudonymiser, NER included; ``ner``: the windows tagged beside the embedding.

    ``embedder`` (the run's ``ChunkEmbedder``): when its vectors are cacheable, every informative
    answer's vector (and the sentences sentiment embedded) goes into the project's embedding cache.
    ``title``: the study's name (``export._view.TITLE_SETTING``), shown by the app and the reports.
    ``keep(project, run_id)``: carries the researcher's work from the project being replaced into the new one
    before it is swapped in (``batch.carry.Keeper``); quotes.csv then shows the themes as the replayed edits left
    them, and ``keep.verify()`` refuses the swap if the old project got new work meanwhile.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    project_path, csv_path = out_dir / PROJECT, out_dir / "quotes.csv"
    key_file = key_path(project_path)
    tmp_project, tmp_csv = _tmp(project_path), _tmp(csv_path)
    Project.delete(tmp_project)
    pz = _pseudonymizer() if pseudonymize else None
    cache = embedder if embedder is not None and embedder.cacheable else None
    try:
        with Project(tmp_project) as project, tmp_csv.open("w", encoding="utf-8-sig", newline="") as fh:
            if title.strip():
                project.set_setting(TITLE_SETTING, title.strip())
            _fill(project, ck, info, fitted, csv.writer(fh), chunk_quotes, params, progress, pz, cache, ner)
            run_id = project.latest_run_id()
            if keep is not None and run_id is not None:
                keep(project, run_id)
        if keep is not None:
            _relabel(tmp_csv, tmp_project, pz)
            keep.verify()  # the project being replaced holds no work made since it was carried
        for side in ("-wal", "-shm", "-journal"):  # a closed project has none; never pair old side files with it
            project_path.with_name(project_path.name + side).unlink(missing_ok=True)
        os.replace(tmp_project, project_path)
        if pz is not None:
            write_key(key_file, pz.key())  # apart from the project and owner-only, as `pseudonymize` keeps it
        else:
            key_file.unlink(missing_ok=True)
        os.replace(tmp_csv, csv_path)
    finally:
        Project.delete(tmp_project)
        tmp_csv.unlink(missing_ok=True)
    themes_path = _write_themes(project_path, out_dir / "themes.csv", pz)
    return {"project": project_path, "quotes": csv_path, "themes": themes_path}


def _relabel(csv_path: Path, project_path: Path, pz: Any) -> None:
    """quotes.csv's theme_id and theme_label as the project holds them after the carried edits were replayed
    (a merged theme's answers under the merged theme, a renamed one under its new name), in one pass."""
    with Project(project_path, create=False) as project:
        run_id = project.latest_run_id()
        theme_of = {q: a.theme_id for q, a in project.assignments(run_id).items()}
        if pz is not None:  # a researcher's label is tagged here; its spans go to this project, as _fill's do
            pz.ner_store = project
        labels = {t.id: t.label if pz is None else pz.transform(t.label) for t in project.themes(run_id)}
    tmp = csv_path.with_name(csv_path.name + ".relabel")
    try:
        with csv_path.open(encoding="utf-8-sig", newline="") as src, \
                tmp.open("w", encoding="utf-8-sig", newline="") as dst:
            reader, writer = csv.reader(src), csv.writer(dst)
            header = next(reader)
            writer.writerow(header)
            qi, ti, li = header.index("quote_id"), header.index("theme_id"), header.index("theme_label")
            for row in reader:
                theme = theme_of.get(int(row[qi]))
                row[ti], row[li] = ("", "") if theme is None else (str(theme), neutralise(labels.get(theme, "")))
                writer.writerow(row)
        os.replace(tmp, csv_path)
    finally:
        tmp.unlink(missing_ok=True)


def _pseudonymizer() -> Any:
    """Analyze's pseudonymiser: name lists, rules, patterns and the pipeline's NER (the e5 tagger by default),
    one pass in the answers' order; its PER spans go into the project's ``ner_spans`` cache (``_fill``)."""
    from focusgroup.privacy import Pseudonymizer

    return Pseudonymizer()


def _fill(project: Project, ck: Checkpoint, info: TableInfo, fitted: FittedThemes, writer: Any,
          chunk_quotes: list[int], params: dict[str, Any], progress: Progress, pz: Any = None,
          embedder: Any = None, ner: NerAhead | None = None) -> None:
    source_id = project.add_source(Source(
        name=info.path.name, text="", kind=SURVEY, format=info.path.suffix.lower().lstrip("."),
        encoding=info.encoding, sha256=info.sha256,
        metadata={"text_columns": list(info.text_columns), "id_column": info.id_column, "sheet": info.sheet,
                  "delimiter": info.delimiter, "batch": True},
    ))
    run_id = project.start_run(params)
    # leaves, then their parents (as analyze stores them); a negative parent_id points into this list
    n = len(fitted.topics)
    leaves = [Theme(label=t.label, keywords=t.keywords, topic=t.topic, description=t.description,
                    parent_id=None if t.parent is None else -1 - n - t.parent) for t in fitted.topics]
    parents = [Theme(label=p.label, keywords=p.keywords, description=p.description) for p in fitted.parents]
    themes = leaves + parents
    project.save_themes(run_id, themes)
    theme_of = {t.topic: t for t in leaves}
    if pz is not None:
        pz.ner_store = project  # the spans stay in the project: its exports and the app tag nothing again
        _detect(pz, [x for t in themes for x in (t.label, t.description, *t.keywords) if x])  # one NER pass
    shown_themes = scrub_themes(themes, None if pz is None else pz.transform)
    wanted = {q for t in [*fitted.topics, *fitted.parents] for q in t.representative}
    quote_ids: dict[int, int] = {}  # representative quote number -> quote id
    store = EmbeddingStore(ck.dir)
    text_length, buffered = 0, []
    total, done, number = sum(chunk_quotes), 0, 0
    progress(STEP, 0, total)
    classes = {} if pz is None else _classify_columns(ck, len(chunk_quotes))  # background columns (privacy.columns)
    reply_model = _reply_model()
    header = view_rows(_chunk_view([], {}, shown_themes, {}, {}, info, pz, {}))[0]
    writer.writerow([neutralise(c) for c in header])
    for index in range(len(chunk_quotes)):
        layout = ck.load_chunk_json("layout", index)
        sent = ck.load_chunk_json("sentiment", index)
        assigned = ck.load_chunk_arrays("assign", index)
        offset, sep = source_offset(text_length, layout["text"])
        buffered.append(sep + layout["text"])
        text_length = offset + len(layout["text"])
        quotes = [
            Quote(text=q["text"], start=offset + q["start"], end=offset + q["end"], speaker=q["speaker"],
                  role=RESPONDENT, turn=q["turn"], part=q["part"], column=q["column"],
                  informative=q["informative"], metadata=q["metadata"])
            for q in layout["quotes"]
        ]
        with project.transaction():
            project.append_quotes(source_id, quotes, layout["text"], offset)
            sentiments, assignments = {}, {}
            for j, q in enumerate(quotes):
                if number + j in wanted:
                    quote_ids[number + j] = q.id
                if sent["labels"][j]:  # judged in the light of its question, as analyze stores it
                    s = judge(q.text, q.column, q.informative, Sentiment(
                        q.id, sent["labels"][j], float(sent["scores"][j]), sent["model"], bool(sent["mixed"][j])))
                    if s is not None:
                        sentiments[q.id] = s
                if q.informative:
                    theme = theme_of.get(int(assigned["topics"][j]))
                    assignments[q.id] = Assignment(q.id, theme.id if theme else None, float(assigned["sims"][j]))
            project.save_sentiments(list(sentiments.values()))
            project.save_assignments(run_id, list(assignments.values()))
            texts = {q.id: q.text for q in quotes}
            if pz is not None:
                chunk = chunk_texts(layout)
                keys = ner.keep(index, chunk, pz) if ner is not None else []
                _detect(pz, chunk)  # one NER pass over the answers and background cells (those with a PER tag)
                drop(keys)
                texts = {q.id: pz.transform(q.text) for q in quotes}
                project.add_pseudonymized_quotes(texts.items())
            if embedder is not None:
                _cache_vectors(project, embedder, quotes, store, index)
            replies = _reply_flags(project, quotes, embedder, reply_model)
            if sum(map(len, buffered)) >= TEXT_FLUSH_CHARS or index == len(chunk_quotes) - 1:
                project.append_source_text(source_id, "".join(buffered))
                buffered = []
        view = _chunk_view(quotes, texts, shown_themes, assignments, sentiments, info, pz, classes, replies)
        columns, rows = view_rows(view)
        for row in rows:
            writer.writerow([neutralise(row.get(c, "")) for c in columns])
        if pz is not None and hasattr(pz, "_cache"):
            pz._cache.clear()  # its per-text detection cache would grow with the input; texts rarely repeat
        number += len(layout["quotes"])
        done += len(layout["quotes"])
        progress(STEP, done, total)
    _theme_stats(project, run_id, leaves, parents, fitted, quote_ids)
    project.mark_run_material(run_id)  # the answers were stored after start_run: none of them is new material
    if pz is not None:
        record = {"key_file": key_path(PROJECT).name, "use_ner": pz.use_ner, "quotes": total, "by": "batch"}
        if pz.use_ner and pz.nlp is not None and "ner" in pz.nlp.pipe_names:
            from focusgroup.privacy.person_spans import spans_model

            record["ner"] = spans_model(pz.nlp)  # which tagger found the names (its spans' cache key)
        if ner is not None and ner.error is not None:  # the thread stopped; the merge tagged its chunks
            record["ner_ahead_failed"] = describe_error(ner.error)
        project.set_setting("privacy", record)
    project.finish_run(run_id)


def _detect(pz: Any, texts: list[str]) -> None:
    """``pz.detect_many(texts)``; a failing name tagger stops the merge with ``NerFailed`` (nothing written)."""
    try:
        pz.detect_many(texts)
    except Exception as exc:
        raise NerFailed("batch_ner_failed", detail=describe_error(exc)) from exc


def _classify_columns(ck: Checkpoint, chunks: int) -> dict[str, str]:
    """Which background columns are ids, dates, categories (kept), names or addresses (replaced whole) or
    free text (scrubbed), judged as ``build_view`` judges a whole project (so quotes.csv is what exporting
    the batch project writes), on the answers of the first ``CLASSIFY_ROWS``. A column empty there is free
    text: judged on the first chunk alone, a column empty in it was kept, and a name written in it later
    ("Tak til Holmgren") stayed in the pseudonymised file."""
    from focusgroup.privacy.columns import TEXT, classify_columns

    def rows() -> Any:
        seen = 0
        for index in range(chunks):
            quotes = ck.load_chunk_json("layout", index)["quotes"]
            yield from (q["metadata"] for q in quotes)
            seen += len(quotes)
            if seen >= CLASSIFY_ROWS:
                return

    columns = list(rows())
    classes = classify_columns(columns)
    empty = {k for k in classes if not any(str(m.get(k) or "").strip() for m in columns)}
    return classes | dict.fromkeys(empty, TEXT)


def _chunk_view(quotes: list[Quote], texts: dict[int, str], themes: list[Theme],
                assignments: dict[int, Assignment], sentiments: dict[int, Sentiment], info: TableInfo,
                pz: Any, columns: dict[str, str], replies: dict[int, Any] | None = None) -> ExportView:
    """A chunk as the export shows it: the same ``ExportView`` the analyze outputs are written from."""
    scrub = None if pz is None else pz.transform
    placeholder = None if pz is None else pz.placeholder
    source_name = info.path.name if scrub is None else scrub(info.path.name)
    views = [quote_view(q, source_name=source_name, speaker=_speaker(pz, q.speaker), text=texts[q.id], scrub=scrub,
                        columns=columns, placeholder=placeholder)
             for q in quotes]
    return ExportView(
        project_name=PROJECT, pseudonymised=pz is not None, sources=[], quotes=views, themes=themes,
        assignments=assignments, sentiments=sentiments, key_quotes=set(), memos={}, run=None, guid_namespace="",
        meta_fields=list(info.meta_columns), replies=replies or {},
    )


def _reply_model() -> Any:
    from focusgroup.replies.model import ReplyModel

    return ReplyModel.load()


def _reply_flags(project: Project, quotes: list[Quote], embedder: Any, model: Any) -> dict[int, Any]:
    """needs_reply + reason for the chunk's answers, stored and returned for quotes.csv: the classifier
    ``focusgroup analyze`` runs (``replies.reply_flags``). Its embedding part reads the vectors this run
    just cached when the run's engine is of the reply model's family (``embed.family``: any e5-small
    engine, the default among them); with another embedder (tfidf) the Danish cues alone decide, as
    embedding every answer again would cost more than the run."""
    from focusgroup.embed.family import same_vectors
    from focusgroup.replies import reply_flags
    from focusgroup.store.findings import save_replies

    same = embedder is not None and same_vectors(embedder.name, model.embedder)
    flags = reply_flags(quotes, project=project, model=model, rules_only=not same,
                        embedder=embedder.name if same else None)
    save_replies(project, flags)
    return {r.quote_id: r for r in flags}


def _speaker(pz: Any, name: str) -> str:
    """Respondent labels are renumbered through the key ("Respondent 47370684" -> "Respondent 3"); other
    generic labels ("P3") stay; an id column holding names is pseudonymised. A renumbered id is not a
    name the pseudonymiser searches texts for, so 10,000 of them cost no rebuild per text.
    """
    from focusgroup.privacy.pseudonymizer import GENERIC_SPEAKER, renumbered_id

    if pz is None or (GENERIC_SPEAKER.match(name) and not renumbered_id(name, RESPONDENT)):
        return name
    return pz.speaker(name, RESPONDENT)  # "Respondent 47370684" -> "Respondent 3": the id links to the raw row


def _cache_vectors(project: Project, embedder: Any, quotes: list[Quote], store: EmbeddingStore, index: int) -> None:
    """The chunk's vectors into the project's embedding cache under the keys ``embed_texts`` looks up."""
    from focusgroup.embed import text_hash
    from focusgroup.embed.cache import MAX_CHARS

    vectors = store.load(index)
    found = {text_hash(q.text[:MAX_CHARS]): vectors[j] for j, q in enumerate(quotes) if q.informative}
    found.update(store.load_sentences(index))
    if found:
        project.cache_embeddings(embedder.name, embedder.model, found)


def _theme_stats(project: Project, run_id: int, leaves: list[Theme], parents: list[Theme], fitted: FittedThemes,
                 quote_ids: dict[int, int]) -> None:
    """Size and coverage over every assigned answer (not just the sample), counted by the store; a
    parent's over the answers of all its children."""
    stats = project.assigned_counts(run_id)
    if parents:
        stats |= project.assigned_counts(run_id, parents=True)
    for theme, representative in [*zip(leaves, (t.representative for t in fitted.topics), strict=True),
                                  *zip(parents, (p.representative for p in fitted.parents), strict=True)]:
        size, n_speakers, n_sources = stats.get(theme.id, (0, 0, 0))
        project.update_theme(theme.id, size=size, n_speakers=n_speakers, n_sources=n_sources,
                             representative_quote_ids=[quote_ids[q] for q in representative])


def _write_themes(project_path: Path, path: Path, pz: Any) -> Path:
    """themes.csv through the export's ``write_themes_csv``, from a view of the themes' own quotes only.

    ``build_view`` rebuilds and scrubs every source text (right for a study, not for 100,000 answers),
    so batch hands the writer an ``ExportView`` of just the themes and their representative quotes.
    """
    from focusgroup.export.themes_csv import write_themes_csv

    tmp = _tmp(path)
    try:
        with Project(project_path, create=False) as project:
            if pz is not None:  # labels and memos the researcher wrote (a re-run carries them) are tagged here
                pz.ner_store = project
            themes = project.themes()
            ids = sorted({i for t in themes for i in t.representative_quote_ids})
            quotes = project.quotes(ids=ids) if ids else []
            texts = {q.id: q.text for q in quotes}
            if pz is not None:
                texts.update(project.pseudonymized_quotes(ids))
            scrub = None if pz is None else pz.transform
            views = [quote_view(q, source_name=q.source_name or "", speaker=_speaker(pz, q.speaker),
                                text=texts[q.id], scrub=scrub) for q in quotes]
            view = ExportView(
                project_name=PROJECT, pseudonymised=pz is not None, sources=[], quotes=views,
                themes=scrub_themes(themes, scrub), assignments={}, sentiments={}, key_quotes=set(),
                memos={}, run=None, guid_namespace="",
            )
            write_themes_csv(project, tmp, view=view)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
