"""Danish words that multilingual e5-small reads as another language's word, respelled for the sentiment vector.

"nem" (easy) is Hungarian for "no / not", and e5-small's tokenizer has one piece ``▁nem`` for it that also
starts "nemme", "nemmere", "nemmest" and a capitalised "Nemt" (lower-case "nemt" is its own piece). The sentence vector then follows the
Hungarian: "Nem adgang med offentlig transport." lies nearer "Ikke adgang ..." (cosine .980) and
"Ingen adgang ..." (.974) than "Let adgang ..." (.970) or "God adgang ..." (.955), and "Nem parkering." sits at
.981 from "Ingen parkering.", so the linear model called a plain compliment negative (p .49). Its Danish
synonym "let" has no such reading. Only the vector the sentiment model reads is respelled; the quote, its
lexicon features (AFINN-da / Sentida know "nem") and the themes' vectors are unchanged
(bench/README.md, "Session 16").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

SYNONYMS = {"nem": "let", "nemme": "lette", "nemmere": "lettere", "nemmest": "lettest"}
# "nemt" has its own piece ``▁nemt`` and reads right; only its capitalised form splits into ``▁Nem`` + ``t``,
# so it is lower-cased ("let" would not do: e5 reads "Det er let at ..." as negative, "Det er nemt at ..." as
# positive).
_WORD = re.compile(r"\b(" + "|".join(SYNONYMS) + r"|nemt)\b", re.IGNORECASE)


def _swap(m: re.Match[str]) -> str:
    word = m.group(0)
    if word.lower() == "nemt":
        return "nemt"
    new = SYNONYMS[word.lower()]
    if word.isupper() and len(word) > 1:
        return new  # e5's pieces for shouted words are rare; the lower-case word reads right
    return new.capitalize() if word[0].isupper() else new


def respell(text: str) -> str:
    """``text`` with the false friends replaced by their Danish synonyms (same text if there are none)."""
    return _WORD.sub(_swap, text)


def _needs(text: str) -> bool:
    return any(m.group(0) != "nemt" for m in _WORD.finditer(text))


def respelled_vectors(
    texts: Sequence[str], embeddings: np.ndarray, embed: Callable[[list[str]], np.ndarray]
) -> np.ndarray:
    """``embeddings`` with the rows of texts holding a false friend re-embedded from the respelled text."""
    rows = [i for i, t in enumerate(texts) if _needs(t)]
    if not rows:
        return embeddings
    out = np.array(embeddings, copy=True)
    out[rows] = embed([respell(texts[i]) for i in rows])
    return out
