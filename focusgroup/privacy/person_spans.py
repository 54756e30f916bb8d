"""Person spans as the NER found them, trimmed to the name: what a PER entity drags in is cut.

Split from ``pseudonymizer`` (one job: from a tagged entity to the characters that are a name). The
pseudonymiser caches these spans per text (``ner_spans``) under ``spans_model``, so a change here bumps
``CLEAN_VERSION``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span as SpacySpan

CLEAN_VERSION = "2"  # bump when clean_person changes: the cached NER spans are its output


def spans_model(nlp: Language) -> str:
    """The key the cleaned PER spans are cached under: the NER's identity and ``CLEAN_VERSION``."""
    from focusgroup.nlp.loader import ner_model_id

    return f"{ner_model_id(nlp)}/clean{CLEAN_VERSION}"

NOT_NAME_POS = {"NOUN", "VERB", "AUX", "PRON", "DET", "ADV", "ADP", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT", "SYM"}


def clean_person(ent: SpacySpan, precise: bool = True) -> tuple[int, int] | None:
    """Trim what a small NER model drags into a PER entity ("Konsulenten Sten", "Jonas der").

    Edge tokens tagged as ordinary words are cut while a proper noun remains; a lone common word
    ("Mødet" at sentence start) or an acronym ("CV") is dropped. Needs POS; without it, kept as is.
    ``precise`` (the e5 NER): a capitalised word inside a sentence is kept whatever its POS; the small
    CNN NER's guesses there ("Kommissionen") still need the POS tagger's agreement.
    """
    toks = list(ent)
    if not any(t.pos_ for t in toks):
        return ent.start_char, ent.end_char
    if any(t.pos_ == "PROPN" for t in toks):
        while toks and toks[0].pos_ in NOT_NAME_POS and not (precise and capital_inside(toks[0])):
            toks.pop(0)
        while toks and toks[-1].pos_ in NOT_NAME_POS and not (precise and capital_inside(toks[-1])):
            toks.pop()
    elif len(toks) == 1 and (toks[0].pos_ in NOT_NAME_POS and not (precise and capital_inside(toks[0])) or toks[0].text.isupper()):
        return None
    if len(toks) == 1 and toks[0].text.isupper() and len(toks[0]) <= 4:
        return None
    if not toks:
        return None
    # Widen over adjacent capitalised proper nouns the model left out ("Dragana" before "Petrović").
    doc = ent.doc
    start, end = toks[0].i, toks[-1].i + 1
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text.istitle() and doc[start - 1].ent_type_ in ("", "PER"):
        start -= 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text.istitle() and doc[end].ent_type_ in ("", "PER"):
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def precise_ner(nlp: Language | None) -> bool:
    """The pipeline's NER is the e5 transformer (not the small CNN, whose guesses get stricter filters)."""
    return nlp is not None and "ner" in nlp.pipe_names and type(nlp.get_pipe("ner")).__name__ == "E5NerComponent"


def pos_where_persons(nlp: Language, texts: list[str], keep: set[str]) -> list:
    """Docs tagged by the e5 NER (which reads no POS), then POS-tagged by ``keep``'s other components only
    where ``clean_person`` will read it: around a person (issue 16; same spans, each doc tagged alone)."""
    docs = list(nlp.get_pipe("ner").pipe((nlp.make_doc(t) for t in texts), batch_size=128))
    need = [d for d in docs if any(e.label_ in ("PER", "PERSON") for e in d.ents)]
    for name, proc in nlp.pipeline:
        if need and name in keep and name != "ner":
            need = list(proc.pipe(need, batch_size=128)) if hasattr(proc, "pipe") else [proc(d) for d in need]
    return docs


def capital_inside(tok) -> bool:
    """A capitalised word inside a sentence: a name to the NER model even where the small POS tagger
    says NOUN ("grinede Bolle", "min fyr, Hare", "Iver Høj"); only a sentence's first word, a word after
    a colon or quote, or an all-capitals one ("LANGE") is left to the POS tags."""
    text = tok.text
    if not (text[:1].isupper() and not text.isupper()) or tok.i == 0 or tok.is_sent_start:
        return False
    prev = tok.doc[tok.i - 1]
    return not (prev.is_space or prev.text in {".", "!", "?", ":", ";", '"', "'", "«", "»", "-", "–", "—", "(", "…"})
