"""`focusgroup doctor`: which Danish pipeline, embedders, theme-vector models and sentiment models are available and used."""

from __future__ import annotations

import importlib
import importlib.util

import typer
from rich.table import Table

from focusgroup.cli.common import console
from focusgroup.config import DEFAULT_EMBEDDER

YES, NO = "[green]ja[/]", "[red]nej[/]"


def _nlp_table(spacy_model: str | None) -> Table:
    from focusgroup.nlp import candidates, describe_pipeline
    from focusgroup.nlp.loader import chosen_candidate

    used = chosen_candidate(spacy_model)
    table = Table("spaCy-pipeline", "type", "placering", "tilgængelig", "bruges", title="Dansk sprogmodel (spaCy)")
    for cand in candidates(spacy_model):
        ok = cand.available
        table.add_row(cand.key, cand.kind, cand.location, YES if ok else NO, "◀" if (cand.kind, cand.location) == (used.kind, used.location) else "")
    table.caption = describe_pipeline(spacy_model)
    return table


def _embed_table(embedder: str) -> Table:
    table = Table("embedder", "tilgængelig", "bruges", title="Embeddings")
    try:
        from focusgroup.embed import available

        names = available()
    except Exception as exc:  # the embed package is optional for doctor: report, don't crash
        table.add_row(f"focusgroup.embed: {exc}", NO, "")
        return table
    from focusgroup.embed.family import installed
    from focusgroup.messages import text as msg

    for name in names:
        table.add_row(name, YES if installed(name) else NO, "◀" if name == embedder else "")
    if embedder not in names:
        table.add_row(embedder, "?", "◀")
    table.caption = msg("doctor_embed_default", engine=DEFAULT_EMBEDDER)
    return table


def _themes_table(embedder: str) -> Table:
    """The two models the clustering vectors leave directions out by (themes/context.py): retraining either moves
    every study's themes, so a researcher comparing two runs should see which were there."""
    import json

    from focusgroup import paths
    from focusgroup.messages import num
    from focusgroup.messages import text as msg
    from focusgroup.themes.context import tone_directions, topic_projection, topic_training

    table = Table("model", "tilgængelig", "bruges", "detaljer", title=msg("doctor_themes_title"))
    for name, found in (("sentiment_da", tone_directions(embedder)), ("topic_da", topic_projection(embedder))):
        folder = paths.model_path(name)
        try:
            cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            table.add_row(name, NO, "", msg("doctor_themes_missing", path=folder))
            continue
        if found is None:
            detail = msg("doctor_themes_other", engine=embedder, family=cfg.get("embedder", "?"))
        elif name == "topic_da" and (trained := topic_training()):
            detail = msg("doctor_themes_topic", n=found[0].shape[1], comments=num(trained[0]), topics=num(trained[1]))
        else:
            detail = msg("doctor_themes_tone", n=len(found))
        table.add_row(name, YES, "◀" if found is not None else "", detail)
    return table


def _sentiment_table(sentiment_model: str | None) -> Table:
    table = Table("sentiment", "tilgængelig", "detaljer", title="Sentiment")
    try:
        mod = importlib.import_module("focusgroup.sentiment")
        describe = getattr(mod, "describe_model", None)
        detail = describe(sentiment_model) if callable(describe) else "focusgroup.sentiment"
        table.add_row(sentiment_model or "standard", YES, str(detail))
    except Exception as exc:  # optional component: report, don't crash
        table.add_row(sentiment_model or "standard", NO, str(exc))
    table.add_row("asent (dansk leksikon)", YES if importlib.util.find_spec("asent") else NO, "")
    return table


def doctor_command(
    spacy_model: str = typer.Option(None, "--spacy-model", help="A spaCy package name or model folder to try first"),
    embedder: str = typer.Option(DEFAULT_EMBEDDER, "--embedder", help="Embedding backend to report as used"),
    sentiment_model: str = typer.Option(None, "--sentiment-model", help="Sentiment model to report as used"),
) -> None:
    """Show which language, embedding, theme-vector and sentiment models are available and which are used (offline)."""
    console.print(_nlp_table(spacy_model))
    console.print(_embed_table(embedder))
    console.print(_themes_table(embedder))
    console.print(_sentiment_table(sentiment_model))


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor_command)
