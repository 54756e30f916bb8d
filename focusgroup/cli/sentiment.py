"""`focusgroup sentiment FILE`: a quick sentiment-only pass over a comment file (no project, no themes)."""

from __future__ import annotations

from pathlib import Path

import typer

from focusgroup.cli.common import fail, output_file, say
from focusgroup.messages import text as msg
from focusgroup.records import SENTIMENT_LABELS


def _rows(path: Path, text_column: str | None, id_column: str | None) -> list[dict]:
    """One row per answer (passages of a long answer joined again), metadata columns kept."""
    from focusgroup.ingest import read_file

    parsed = read_file(path, text_columns=text_column, id_column=id_column)  # IngestError: exit code 2
    rows: dict[tuple, dict] = {}
    for src in parsed:
        for q in src.quotes:
            key = (src.source.name, q.turn, q.column, q.speaker)
            row = rows.get(key)
            if row is None:
                rows[key] = {"row": q.turn, "column": q.column or "", "speaker": q.speaker, "text": q.text,
                             "informative": q.informative, **{k: v for k, v in q.metadata.items()}}
            else:
                row["text"] += " " + q.text
                row["informative"] = row["informative"] or q.informative
    return list(rows.values())


def sentiment_command(
    file: Path = typer.Argument(..., help="Kommentarfil (.csv, .xlsx, ...) eller udskrift / comment file or transcript"),
    text_column: str = typer.Option(None, "--text-column", "-c",
                                    help="Kolonnen med fritekst (gættes hvis udeladt) / free-text column (guessed if omitted)"),
    out: Path = typer.Option(..., "--out", "-o", help="Resultatfil .csv eller .xlsx / output file .csv or .xlsx"),
    id_column: str = typer.Option(None, "--id-column", help="Respondent-id-kolonne / respondent id column"),
    model: str = typer.Option(None, "--model", "-m",
                              help="'default', 'asent', 'afinn' eller en lokal modelmappe / or a local model folder"),
    force: bool = typer.Option(False, "--force", help="Overskriv --out, hvis den findes / overwrite --out if it exists"),
) -> None:
    """Score sentiment (negativ/neutral/positiv, score -1..1, blandet) for every answer in a file."""
    import pandas as pd

    from focusgroup.progress import rich_progress
    from focusgroup.sentiment.backends import encode, get_backend
    from focusgroup.sentiment.question import in_light_of
    from focusgroup.sentiment.score import score_texts

    if out.suffix.lower() not in {".csv", ".xlsx"}:
        fail(msg("cli_out_csv_xlsx", name=out.name))
    output_file(out, [file], force)  # never the input itself; an existing file only with --force
    rows = _rows(file, text_column, id_column)
    try:
        backend = get_backend(model)
    except (ValueError, FileNotFoundError) as exc:
        fail(str(exc))
    todo = [i for i, r in enumerate(rows) if r["informative"] and r["text"].strip()]
    texts = [rows[i]["text"] for i in todo]
    with rich_progress() as progress:
        emb = encode(texts, backend.embedder, progress=progress) if backend.embedder and texts else None
        scored = []
        for start in range(0, len(texts), 200):
            emb_chunk = None if emb is None else emb[start : start + 200]
            scored += score_texts(texts[start : start + 200], emb_chunk, backend)
            progress("Stemning / sentiment", min(start + 200, len(texts)), len(texts))
    for r in rows:
        r.update(sentiment="", sentiment_score=None, mixed=None)
    for i, (label, score, mixed) in zip(todo, scored, strict=True):
        # in the light of its question, as analyze stores it: a suggestion to "what can be better?" is neutral
        label, score = in_light_of(rows[i]["text"], rows[i]["column"] or None, label, score)
        rows[i].update(sentiment=label, sentiment_score=score, mixed=mixed)
    df = pd.DataFrame(rows).drop(columns=["informative"])
    df.insert(len(df.columns) - 3, "model", backend.name)
    if out.suffix.lower() == ".csv":
        df.to_csv(out, index=False, encoding="utf-8-sig")  # with BOM: Excel on Windows reads æøå right
    else:
        df.to_excel(out, index=False)
    counts = df.loc[df["sentiment"] != "", "sentiment"].value_counts()
    summary = ", ".join(f"{lab} {int(counts.get(lab, 0))}" for lab in SENTIMENT_LABELS[::-1])
    say(msg("cli_sentiment_summary", n=len(todo), summary=summary, skipped=len(rows) - len(todo), out=out))


def register(app: typer.Typer) -> None:
    app.command("sentiment")(sentiment_command)
