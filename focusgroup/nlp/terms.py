"""Lemmas, keyword terms and sentence boundaries from the Danish pipeline.

Themes need content lemmas ("sagsbehandlerne" and "sagsbehandleren" are one keyword), multi-word terms
("personlig sagsbehandler") and no spoken fillers; search needs every lemma; ingest needs sentence
offsets to split long turns. All of it goes through ``load_pipeline`` so one model choice applies.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from focusgroup.nlp.loader import load_pipeline
from focusgroup.nlp.stopwords import SPOKEN_PHRASES, STOP_WORDS

CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB"})
_NOT_FOR_KEYWORDS = ("ner", "parser", "attribute_ruler_ner")
_PHRASE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(SPOKEN_PHRASES, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"^[^\W\d_][\w\-]*$")
BATCH_SIZE = 256


def _blank_out_phrases(text: str) -> str:
    """Replace spoken multi-word fillers by spaces of the same length, so offsets stay valid."""
    return _PHRASE_RE.sub(lambda m: " " * len(m.group(0)), text)


def _docs(texts: Iterable[str], nlp: Language, keep_ner: bool = False) -> Iterator[Doc]:
    disable = [] if keep_ner else [p for p in _NOT_FOR_KEYWORDS if p in nlp.pipe_names]
    yield from nlp.pipe((t or "" for t in texts), batch_size=BATCH_SIZE, disable=disable)


def _has_pos(nlp: Language) -> bool:
    return any(p in nlp.pipe_names for p in ("morphologizer", "tagger"))


def _is_content(tok: Token, use_pos: bool) -> bool:
    lemma = tok.lemma_.lower()
    if len(lemma) < 2 or not _WORD_RE.match(lemma) or lemma in STOP_WORDS or tok.lower_ in STOP_WORDS:
        return False
    return tok.pos_ in CONTENT_POS if use_pos else True


def content_lemmas(doc: Doc, use_pos: bool = True) -> list[str]:
    """Lower-case lemmas of nouns, adjectives and verbs that are not stop words, in text order."""
    return [tok.lemma_.lower() for tok in doc if _is_content(tok, use_pos)]


def doc_terms(doc: Doc) -> list[str]:
    """Multi-word terms: one or two adjectives followed by a noun, as lemmas ("personlig sagsbehandler")."""
    out: list[str] = []
    toks = list(doc)
    for i, tok in enumerate(toks):
        if tok.pos_ != "NOUN" or not _is_content(tok, True):
            continue
        mods: list[str] = []
        j = i - 1
        while j >= 0 and len(mods) < 2 and toks[j].pos_ == "ADJ" and _is_content(toks[j], True):
            mods.insert(0, toks[j].lemma_.lower())
            j -= 1
        if mods:
            out.append(" ".join([*mods, tok.lemma_.lower()]))
    return out


# Content lemmas of texts some other pass parsed with the same components (themes.labels.parse parses
# every quote before the keyword lemmas are wanted): one pipeline pass per text (issue 16).
_LEMMAS: dict[tuple[str, str], list[str]] = {}
_LEMMAS_LIMIT = 200_000


_KEYS: weakref.WeakKeyDictionary[Language, tuple[tuple[str, ...], str]] = weakref.WeakKeyDictionary()


def _pipeline_key(nlp: Language) -> str:
    """Name, version and components of ``nlp``; remembered per pipeline object (``nlp.meta`` rebuilds its
    dict on every read: ~0.1 ms, once per parsed text)."""
    names = tuple(nlp.pipe_names)
    known = _KEYS.get(nlp)
    if known is None or known[0] != names:
        known = _KEYS[nlp] = (names, f"{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}:{','.join(names)}")
    return known[1]


def keep_lemmas(text: str, doc: Doc, nlp: Language) -> None:
    """Remember the content lemmas of ``doc`` (``nlp`` run on ``text`` with only its "ner" disabled) for
    ``lemmatize_texts``: when ``text`` has no spoken phrase to blank out and ``nlp`` nothing else that
    keyword lemmas leave out, that call would parse the very same text with the very same components."""
    if _blank_out_phrases(text) != text or any(p in nlp.pipe_names for p in _NOT_FOR_KEYWORDS if p != "ner"):
        return
    if len(_LEMMAS) >= _LEMMAS_LIMIT:
        _LEMMAS.clear()
    _LEMMAS[(_pipeline_key(nlp), text)] = content_lemmas(doc, _has_pos(nlp))


def lemmatize_texts(texts: Iterable[str], nlp: Language | None = None) -> list[list[str]]:
    """Content lemmas per text, for keywords (BERTopic's CountVectorizer, theme labels); texts another
    pass already parsed (``keep_lemmas``) are not parsed again."""
    nlp = nlp or load_pipeline()
    use_pos = _has_pos(nlp)
    key = _pipeline_key(nlp)
    prepared = [_blank_out_phrases(t or "") for t in texts]
    todo = [t for t in dict.fromkeys(prepared) if (key, t) not in _LEMMAS]
    found = {t: content_lemmas(d, use_pos) for t, d in zip(todo, _docs(todo, nlp), strict=True)}
    return [list(found[t]) if t in found else list(_LEMMAS[(key, t)]) for t in prepared]


def extract_terms(texts: Iterable[str], nlp: Language | None = None) -> list[list[str]]:
    """Per text: content lemmas followed by its multi-word terms; feed to CountVectorizer(analyzer=...)."""
    nlp = nlp or load_pipeline()
    use_pos = _has_pos(nlp)
    out = []
    for d in _docs((_blank_out_phrases(t or "") for t in texts), nlp):
        out.append(content_lemmas(d, use_pos) + (doc_terms(d) if use_pos else []))
    return out


def keyword_analyzer(text: str) -> list[str]:
    """A CountVectorizer ``analyzer`` callable: single lemmas plus multi-word terms of one text."""
    return extract_terms([text])[0]


def lemma_tokens(text: str, nlp: Language | None = None) -> list[str]:
    """All lower-case lemmas of the words in ``text`` (stop words kept), for lemma search."""
    return lemma_tokens_many([text], nlp)[0]


def lemma_tokens_many(texts: Iterable[str], nlp: Language | None = None) -> list[list[str]]:
    """``lemma_tokens`` for many texts at once (one nlp.pipe pass)."""
    nlp = nlp or load_pipeline()
    return [
        [t.lemma_.lower() for t in d if not (t.is_punct or t.is_space) and (t.lemma_ or t.text).strip()]
        for d in _docs(texts, nlp)
    ]


def split_sentences(text: str, nlp: Language | None = None) -> list[tuple[int, int]]:
    """Character spans (start, end) of the sentences of ``text``, surrounding whitespace excluded.

    Runs only the tokenizer and the sentence splitter when the pipeline has a sentencizer, so it is
    cheap enough for long transcript turns.
    """
    nlp = nlp or load_pipeline()
    fast = "sentencizer" in nlp.pipe_names
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text)) if fast else nlp(text)
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return spans
