"""Guided themes from seed words, and codebook themes by zero-shot assignment with "Andet" (other).

Seed words: a quote joins a seeded theme when it contains one of its seed words (as a lemma) or is
semantically far closer to the seed list than the corpus is on average; the rest is clustered as
usual. Codebook: each code ("name: description") is embedded like a quote and every quote goes to
the most similar code, or to "Andet" when no code stands out from the quote's similarity to the
corpus as a whole.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from focusgroup.embed import Embedder, embed_texts
from focusgroup.themes.text import lemma_strings

OTHER_LABEL = "Andet"
Z_SEED = 2.0  # seed-list similarity this many standard deviations above the corpus mean
Z_CODE = 0.0  # "Andet" when no code is closer than its average quote (SIB-200: 89% coverage, 65% right)


def read_codebook(path: str | Path) -> list[tuple[str, str]]:
    """Codes from .qdc (REFI-QDA), .csv (name/navn + description/beskrivelse columns) or .txt."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: kodebogen findes ikke (codebook not found)")
    suffix = path.suffix.lower()
    if suffix == ".qdc":
        from focusgroup.refi_qda import read_codebook as read_qdc

        codes = [(str(n), str(d or "")) for n, d in read_qdc(path)]
    elif suffix == ".csv":
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("cp1252")
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t") if text.strip() else csv.excel
        rows = list(csv.reader(text.splitlines(), dialect))
        header = [h.strip().lower() for h in rows[0]] if rows else []
        name_col = next((i for i, h in enumerate(header) if h in {"name", "navn", "kode", "code", "tema"}), None)
        desc_col = next((i for i, h in enumerate(header) if h in {"description", "beskrivelse", "definition"}), None)
        body = rows[1:] if name_col is not None else rows
        name_col = 0 if name_col is None else name_col
        desc_col = (1 if name_col == 0 else 0) if desc_col is None else desc_col
        codes = [(r[name_col].strip(), r[desc_col].strip() if len(r) > desc_col else "")
                 for r in body if len(r) > name_col and r[name_col].strip()]
    else:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig") if _is_utf8(raw) else raw.decode("cp1252")
        codes = []
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for sep in ("\t", ":", " - "):
                if sep in line:
                    name, desc = line.split(sep, 1)
                    break
            else:
                name, desc = line, ""
            codes.append((name.strip(), desc.strip()))
    codes = [(n, d) for n, d in codes if n]
    if not codes:
        raise ValueError(f"{path}: kodebogen indeholder ingen koder (no codes found)")
    return codes


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def zero_shot(vectors: np.ndarray, codes: list[tuple[str, str]], emb: Embedder, project: object = None,
              texts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Index of the best code per quote (-1 = other) and its similarity."""
    code_texts = [f"{n}: {d}" if d else n for n, d in codes]
    if not emb.cacheable and texts is not None:  # corpus-fitted vectors: codes and quotes in one space
        both = emb.encode(list(texts) + code_texts)
        vectors, code_vecs = both[: len(texts)], both[len(texts) :]
    else:
        code_vecs = embed_texts(code_texts, emb, project)
    sims = vectors @ code_vecs.T  # (n_quotes, n_codes)
    # standardise per code so a code that is close to everything does not swallow the corpus
    z = (sims - sims.mean(axis=0)) / (sims.std(axis=0) + 1e-6)
    best = z.argmax(axis=1)
    best_z = z[np.arange(len(z)), best]
    labels = np.where(best_z >= Z_CODE, best, -1)
    return labels, sims[np.arange(len(sims)), best]


def seed_labels(texts: list[str], vectors: np.ndarray, seed_words: list[list[str]], emb: Embedder,
                project: object = None) -> np.ndarray:
    """Seeded theme index per quote, -1 for quotes left to the clustering."""
    seeds = [[w.strip().lower() for w in ws if w.strip()] for ws in seed_words]
    seeds = [ws for ws in seeds if ws]
    labels = np.full(len(texts), -1)
    if not seeds:
        return labels
    seed_lemmas = [set(lemma_strings([" ".join(ws)])[0].split()) | set(ws) for ws in seeds]
    if emb.cacheable:
        sims = vectors @ embed_texts([", ".join(ws) for ws in seeds], emb, project).T
        z = (sims - sims.mean(axis=0)) / (sims.std(axis=0) + 1e-6)
    else:  # corpus-fitted (TF-IDF) vectors cannot place the seed list: lexical matches only
        sims = z = np.zeros((len(texts), len(seeds)))
    docs = [set(d.split()) | set(t.lower().split()) for d, t in zip(lemma_strings(texts, project), texts, strict=True)]
    for i, words in enumerate(docs):
        hits = [s for s, lem in enumerate(seed_lemmas) if words & lem]
        if hits:
            labels[i] = max(hits, key=lambda s: sims[i, s])
        elif z[i].max() >= Z_SEED:
            labels[i] = int(z[i].argmax())
    return labels
