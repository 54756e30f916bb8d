"""Danish language layer: one pipeline choice, one stop-word list, lemmas, terms and sentences."""

from focusgroup.nlp.loader import candidates, describe_pipeline, load_pipeline, models_dir
from focusgroup.nlp.stopwords import KEYWORD_STOP_WORDS, SPOKEN_PHRASES, STOP_WORDS, is_stop
from focusgroup.nlp.terms import (
    CONTENT_POS,
    content_lemmas,
    doc_terms,
    extract_terms,
    keyword_analyzer,
    lemma_tokens,
    lemma_tokens_many,
    lemmatize_texts,
    split_sentences,
)

__all__ = [
    "CONTENT_POS",
    "KEYWORD_STOP_WORDS",
    "SPOKEN_PHRASES",
    "STOP_WORDS",
    "candidates",
    "content_lemmas",
    "describe_pipeline",
    "doc_terms",
    "extract_terms",
    "is_stop",
    "keyword_analyzer",
    "lemma_tokens",
    "lemma_tokens_many",
    "lemmatize_texts",
    "load_pipeline",
    "models_dir",
    "split_sentences",
]
