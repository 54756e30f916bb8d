"""Gate 3 of the e5 NER's pre-check (``nlp.e5_ner_gate``): capitals that are never a name send no window to
the tagger (ids with digits, stop words such as the pronoun "I", the tool's speaker words), and "·" starts an
item, so the header line the survey importer writes above every answer is no longer tagged once per answer."""

from __future__ import annotations

from pathlib import Path

import spacy

from focusgroup.nlp import e5_ner_gate as eg
from focusgroup.nlp.e5_ner import _windows

SAMPLE_SURVEY = Path(__file__).resolve().parents[1] / "transcripts" / "brugerundersoegelse_2020_2021.csv"


def _sent(nlp, text: str, version: int = eg.GATE_VERSION) -> bool:
    doc = nlp(text)
    return any(eg.may_hold_entity(doc, s, e, version=version) for s, e in _windows(doc))


def _between_quotes(path: Path) -> list[str]:
    from focusgroup.ingest import read_file

    out = []
    for src in read_file(path):
        pos = 0
        for q in sorted(src.quotes, key=lambda q: q.start):
            out.append(src.source.text[pos : q.start])
            pos = q.end
    return [t for t in dict.fromkeys(out) if t.strip()]


def test_the_sample_surveys_answer_headers_skip_the_tagger_and_a_name_in_one_does_not():
    """The sample survey's 952 headers ("Respondent 31015477 · Hvad kan jobcentret gøre bedre?") all went
    to the tagger under gate 2 (one transformer call per answer, ~4.6 s CPU per 1,000 answers); none does
    now. The speaker is the pseudonymiser's own (it knows every respondent); a name in the header still counts."""
    nlp = spacy.blank("da")
    headers = _between_quotes(SAMPLE_SURVEY)
    assert len(headers) > 900 and headers[1].strip().startswith("Respondent 31015477 · ")
    assert all(_sent(nlp, h, version=2) for h in headers)
    assert not any(_sent(nlp, h) for h in headers)
    assert not _sent(nlp, "\n\nR000002 · svar\n")  # an id column of codes (bench/pipeline_data.py)
    assert _sent(nlp, "\n\nMette Hansen · Hvad fungerer godt?\n")  # an id column of names
    assert _sent(nlp, "\n\nRespondent 17 · Hvad synes du om Lone?\n")


def test_words_that_are_never_a_name_are_no_evidence_anywhere_but_names_are():
    nlp = spacy.blank("da")
    for text in ("Ring tilbage, når I siger, at I gør det.",  # the pronoun "I" (DaNE dev, privacy_eval)
                 "Jeg vil gerne bede Dem give besked, og tak for det De gjorde.",  # the polite "De"/"Dem"
                 "Alt fungerer fint Men også vanskelig",  # a sentence that lost its full stop
                 "Moderator: hvad synes I om det?"):
        assert not _sent(nlp, text), text
        assert _sent(nlp, text, version=2), text  # gate 2 sent these
    for text in ("Jeg talte med Hans i går.", "Vi har talt med Tage om det.",  # stop words that are listed names
                 "Fik De fat i Lone?", "Jeg ringede til Jobcentret i Rødovre."):
        assert _sent(nlp, text), text


def test_the_model_identity_names_gate_3():
    """Cached spans are keyed by the identity, so spans tagged under gate 2 are tagged again once."""
    assert eg.gate_version() == 3
