"""Issue 16: a fresh analysis imports BERTopic without the integrations it never uses (transformers,
sentence-transformers), and the rest of the process can still import them."""

from __future__ import annotations

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
