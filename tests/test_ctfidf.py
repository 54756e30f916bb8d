"""The edit path's c-TF-IDF (``describe.class_tfidf``) gives BERTopic's weights to the bit, so theme keywords
after a merge or split are the ones ``ClassTfidfTransformer`` gave, without importing bertopic (which
pulled sentence-transformers, transformers and UMAP into every edit: bench/README.md, session 18 helper E)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest


def _answers(transcripts_dir: Path) -> list[str]:
    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [r[c].lower() for r in rows for c in r if c and len((r[c] or "").split()) >= 3]


def test_class_tfidf_equals_bertopic_on_survey_answers(transcripts_dir: Path) -> None:
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    from focusgroup.themes.describe import class_tfidf
    from focusgroup.themes.text import TOKEN_PATTERN

    answers = _answers(transcripts_dir)
    assert len(answers) >= 200
    # uneven classes, as themes are: 1, 7, 40 answers and the rest
    cuts = [0, 1, 8, 48, len(answers)]
    joined = [" ".join(answers[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
    for ngrams in ((1, 1), (1, 2)):
        counts = CountVectorizer(ngram_range=ngrams, token_pattern=TOKEN_PATTERN).fit_transform(joined)
        ours = class_tfidf(counts)
        theirs = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts).toarray()
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        assert np.array_equal(ours, theirs)
        assert (ours > 0).sum() > 100  # real weights, not two empty matrices


@pytest.mark.slow
def test_keywords_of_an_edit_import_no_bertopic(transcripts_dir: Path) -> None:
    code = (
        "import sys\n"
        "from focusgroup.themes.describe import ctfidf_keywords\n"
        "kw = ctfidf_keywords({1: ['brev post brev'], 2: ['telefon ringe telefon']})\n"
        "assert 'brev' in kw[1] and 'telefon' in kw[2], kw\n"
        "print(sorted(m for m in ('bertopic', 'sentence_transformers', 'umap') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
