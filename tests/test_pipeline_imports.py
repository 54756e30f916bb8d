"""Issue 16: a fresh analysis imports BERTopic without the integrations it never uses (transformers,
sentence-transformers), and the rest of the process can still import them."""

from __future__ import annotations

import os
import subprocess
import sys


def test_bertopic_is_imported_without_transformers_which_stays_importable():
    code = (
        "import sys, importlib.util; n = len(sys.meta_path);"
        "from focusgroup.pipeline import import_bertopic_lean; import_bertopic_lean();"
        "import bertopic.representation as r, bertopic.backend as b;"
        "print('bertopic' in sys.modules, 'transformers' in sys.modules, 'sentence_transformers' in sys.modules,"
        " type(r.TextGeneration).__name__, type(b.MultiModalBackend).__name__, len(sys.meta_path) == n,"
        " importlib.util.find_spec('transformers') is not None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    # BERTopic's placeholders for a missing package; the finder is gone afterwards and the package findable
    assert out == ["True", "False", "False", "NotInstalled", "NotInstalled", "True", "True"], out


def test_command_line_spacy_and_bertopic_without_torch_and_the_same_parse():
    """The CLI's ``lean_imports.install``: thinc and BERTopic see no torch, the parse is unchanged, and
    any other importer (the NER's one-time ONNX build, the torch engine) still gets torch."""
    parse = (
        "from focusgroup.nlp import load_pipeline; nlp = load_pipeline();"
        "d = nlp('Min sagsbehandler i Aarhus hjalp mig godt med ansøgningerne.');"
        "print(repr([(t.text, t.pos_, t.lemma_) for t in d]))"
    )
    lean = (
        "import sys; from focusgroup import lean_imports; print(lean_imports.install());"
        "from focusgroup.pipeline import import_bertopic_lean; import_bertopic_lean();"
        "import thinc.compat; print('torch' in sys.modules, thinc.compat.has_torch, 'bertopic' in sys.modules);"
        + parse + "; import torch; print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", lean], capture_output=True, text=True, check=True).stdout.splitlines()
    plain = subprocess.run([sys.executable, "-c", parse], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[:2] == ["True", "False False True"], out
    assert out[2] == plain[-1]  # same POS tags and lemmas with and without torch in thinc
    assert out[3] == "True"


def test_lean_imports_stay_out_of_a_user_chosen_spacy_pipeline():
    from focusgroup import lean_imports
    from focusgroup.nlp.loader import ENV_MODEL

    assert lean_imports.ENV_SPACY_MODEL == ENV_MODEL
    code = "from focusgroup import lean_imports; print(lean_imports.install())"
    env = {**os.environ, ENV_MODEL: "da_core_news_trf"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"  # a transformer pipeline would need torch inside thinc
