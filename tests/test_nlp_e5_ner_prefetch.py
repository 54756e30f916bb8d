"""The e5 NER's windows tagged ahead in a background thread (``nlp.e5_ner_prefetch``, used by ``focusgroup
analyze`` for the pseudonymised outputs): the memo gives exactly the tags the tagger gives, the tagger is not
run again for them, and a tagger that batches windows is never prefetched."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from focusgroup.nlp import e5_ner, e5_ner_prefetch

needs_model = pytest.mark.skipif(not e5_ner.available(), reason="models/ner_e5_da or a base not installed")
SAMPLE_SURVEY = Path(__file__).resolve().parents[1] / "transcripts" / "brugerundersoegelse_2020_2021.csv"


def _answers(n: int) -> list[str]:
    from focusgroup.ingest import read_file

    texts = [q.text for src in read_file(SAMPLE_SURVEY) for q in src.quotes][-n:]
    texts += ["Jeg talte med Birthe Nielsen fra Jobcenter Aarhus i går.", "Mette hjalp mig meget. Tak til Lone!"]
    return list(dict.fromkeys(texts))


@needs_model
def test_windows_tagged_ahead_are_the_tagged_windows_and_are_not_tagged_again():
    nlp = spacy.blank("da")
    tagger = e5_ner.load_e5_ner()
    docs = [nlp.make_doc(t) for t in _answers(25)]
    wins = e5_ner_prefetch.windows(docs)
    assert len(wins) >= 4 and any("Birthe" in w for w in wins)
    direct = tagger.tag(wins)
    e5_ner_prefetch.clear()
    try:
        assert e5_ner_prefetch.start(tagger, docs) == len({tuple(w) for w in wins})
        e5_ner_prefetch.wait()  # the thread's own calls are not the ones counted below
        calls = []
        logits = tagger.model.logits
        tagger.model.logits = lambda *a: calls.append(1) or logits(*a)
        try:
            assert e5_ner_prefetch.tag(tagger, wins) == direct
        finally:
            del tagger.model.logits
        assert not calls  # every window came from the memo
        assert e5_ner_prefetch.tag(tagger, wins[:2]) == direct[:2]  # used once; then tagged as usual
        e5_ner_prefetch.clear()
        e5_ner_prefetch.start(tagger, docs)
        e5_ner_prefetch._stop()  # what exit does when an analysis stops early: the thread ends at once
        assert e5_ner_prefetch._THREAD is None
        assert e5_ner_prefetch.tag(tagger, wins) == direct  # what it left untagged is tagged as usual
    finally:
        e5_ner_prefetch.clear()


def test_a_tagger_that_batches_windows_is_never_prefetched():
    class Batching:  # fp32 on one thread: a window's tags may depend on its batch
        config = {"int8": None}
        model = type("M", (), {"workers": 1})()
        identity = "batching"

        def tag(self, pieces, batch_size=16):
            return [["O"] * len(p) for p in pieces]

    docs = [spacy.blank("da").make_doc("Jeg talte med Birthe i går.")]
    assert e5_ner_prefetch.start(Batching(), docs) == 0
    assert e5_ner_prefetch.tag(Batching(), [["Birthe"]]) == [["O"]]


class _CountingTagger:
    """A stand-in tagger of one window per call: every word O; counts the windows it is asked for."""

    identity = "counting"
    windows_alone = True

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def tag(self, pieces, batch_size: int = 16):  # type: ignore[no-untyped-def]
        self.asked.extend(list(p) for p in pieces)
        return [["O"] * len(p) for p in pieces]


def test_a_kept_window_two_texts_share_is_not_tagged_again_until_dropped():
    """Batch keeps a chunk's tagged windows for the merge (``keep``); two answers sharing a sentence ask for the
    same window, and the memo gave it to the first only, so the merge tagged it again for the second (177
    windows at the merge of a 10k batch, session 17)."""
    window = ["Lone", "ringede", "i", "går", "."]
    tagger = _CountingTagger()
    e5_ner_prefetch.clear()
    keys = e5_ner_prefetch.keep(tagger.identity, [window], [["B-PER", "O", "O", "O", "O"]])
    try:
        first = e5_ner_prefetch.tag(tagger, [window, window])
        again = e5_ner_prefetch.tag(tagger, [window])
        assert first == [["B-PER", "O", "O", "O", "O"]] * 2 and again == first[:1]
        assert tagger.asked == []
    finally:
        e5_ner_prefetch.drop(keys)
    assert e5_ner_prefetch.tag(tagger, [window]) == [["O"] * 5] and tagger.asked == [window]  # dropped: tagged
