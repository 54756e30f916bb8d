"""Consistent pseudonymisation: the same person, number or address gets the same placeholder everywhere.

``fit`` sees all texts and speakers of a project first, so numbering follows first appearance and a
lone first name is linked to the one full name it abbreviates ("Lone" -> same pseudonym as "Lone
Hansen"). The key (placeholder -> original) is returned separately by ``key()`` and never written
into the pseudonymised text, so reversing it is a deliberate act.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from focusgroup.nlp.stopwords import STOP_WORDS
from focusgroup.privacy.detect import CPR, EMAIL, KINDS, PERSON, PHONE, DetectContext, Span, detect, resolve
from focusgroup.privacy.ner_spans import SEGMENT, NerSpanStore, cached_spans, clear_span_cache
from focusgroup.privacy.person_spans import clean_person, pos_where_persons, precise_ner, spans_model
from focusgroup.records import (
    GENERIC_SPEAKER,
    ID_SPEAKER,
    MODERATOR,
    PARTICIPANT,
    RESPONDENT,
    UNKNOWN_SPEAKER,
    renumbered_id,
)

LABELS = {PERSON: "Person", CPR: "CPR", PHONE: "Telefon", EMAIL: "E-mail", "address": "Adresse"}
SPEAKER_LABELS = {MODERATOR: "Moderator", PARTICIPANT: "Deltager", RESPONDENT: "Respondent"}
KEY_VERSION = 1
__all__ = ["SEGMENT", "Pseudonymizer", "Replacement", "clear_span_cache", "renumbered_id", "speaker_order"]
_NAME_PART = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ'-]*")
_ID_SPEAKER = ID_SPEAKER  # the speaker-label rules live in records (GENERIC_SPEAKER, renumbered_id)
_ID_MENTION = re.compile(r"(?<!\w)[^\W\d_]+ ?\d+(?!\w)")


def speaker_order(speakers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Speakers whose label stays first, so a renumbered id never takes a number a kept label shows."""
    speakers = list(speakers)
    return sorted(speakers, key=lambda sp: renumbered_id(*sp))


@dataclass(frozen=True)
class Replacement:
    start: int  # in the original text
    end: int
    new_start: int  # in the pseudonymised text
    new_end: int
    kind: str
    original: str
    pseudonym: str


def _norm(kind: str, text: str) -> str:
    if kind in (CPR, PHONE):
        digits = re.sub(r"\D", "", text)
        return digits[-8:] if kind == PHONE else digits
    if kind == EMAIL:
        return text.lower()
    return " ".join(text.split())


class Pseudonymizer:
    """Detects personal data and replaces it with numbered placeholders, consistently.

    ``nlp``: a spaCy pipeline with NER (default: ``focusgroup.nlp.load_pipeline()``); ``use_ner=False``
    relies on the name lists only. ``names``: extra names to always treat as persons.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        use_ner: bool = True,
        names: Iterable[str] = (),
        kinds: Sequence[str] = KINDS,
        labels: dict[str, str] | None = None,
        speaker_labels: dict[str, str] | None = None,
        ner_store: NerSpanStore | None = None,
    ) -> None:
        self._nlp = nlp
        self.ner_store = ner_store
        self.use_ner = use_ner
        self.kinds = tuple(kinds)
        self.labels = {**LABELS, **(labels or {})}
        self.speaker_labels = {**SPEAKER_LABELS, **(speaker_labels or {})}
        self.known_names: set[str] = {n.strip() for n in names if n and n.strip()}
        self.mapping: dict[tuple[str, str], str] = {}  # (kind, normalised original) -> placeholder
        self.speakers: dict[str, str] = {}  # speaker name -> speaker pseudonym
        self._aliases: dict[str, str] = {}  # a first name or surname -> the full name it abbreviates
        self._ambiguous_parts: set[str] = set()
        self._mentions: dict[str, dict[str, None]] = defaultdict(dict)  # speaker pseudonym -> forms in text
        self._counts: dict[str, int] = defaultdict(int)
        self._cache: dict[str, list[Span]] = {}
        self._known: set[str] | None = None  # known names + real speaker names; rebuilt after a change
        self._taken: set[str] = set()  # every speaker label in use (kept or given), never given twice
        self._id_speakers: set[str] = set()  # renumbered ids ("Respondent 47370684"); see _id_mentions

    # ------------------------------------------------------------ detection
    @property
    def nlp(self) -> Language | None:
        if self._nlp is None and self.use_ner:
            from focusgroup.nlp import load_pipeline

            self._nlp = load_pipeline()
        return self._nlp

    def _ner_spans(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        """PER spans per text: from this process's cache, else the project's store (``ner_store``), else
        the NER model, run once over what neither holds (``ner_spans.cached_spans``)."""
        nlp = self.nlp if self.use_ner and PERSON in self.kinds else None
        if nlp is None or "ner" not in nlp.pipe_names:
            return [[] for _ in texts]
        return cached_spans(texts, spans_model(nlp), self.ner_store, lambda todo: self._run_ner(nlp, todo))

    @staticmethod
    def _run_ner(nlp: Language, texts: list[str]) -> list[list[tuple[int, int]]]:
        """The NER model over ``texts`` (the one place it runs; tests count calls here)."""
        keep = {"ner", "tok2vec", "transformer", "morphologizer", "tagger", "attribute_ruler"}
        disable = [p for p in nlp.pipe_names if p not in keep]
        precise = precise_ner(nlp)
        docs = pos_where_persons(nlp, texts, keep) if precise else nlp.pipe(texts, batch_size=128, disable=disable)
        return [
            [sp for e in doc.ents if e.label_ in ("PER", "PERSON") and (sp := clean_person(e, precise)) is not None]
            for doc in docs
        ]

    def _known_names(self) -> set[str]:
        if self._known is None:
            self._known = self.known_names | {
                n for n, p in self.speakers.items() if p != n and n not in self._id_speakers
            }
        return self._known

    def _changed(self) -> None:
        self._cache.clear()
        self._known = None

    def detect_many(self, texts: Iterable[str]) -> list[list[Span]]:
        """Spans for many texts (one batched NER pass over the ones not seen before)."""
        texts = [t or "" for t in texts]
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if not todo:  # all cached: skip building the name set and an empty spaCy pipe per call
            return [self._cache[t] for t in texts]
        known = self._known_names()  # built once per set of speakers, not per text
        precise = not (self.use_ner and PERSON in self.kinds) or precise_ner(self.nlp)
        for text, ner in zip(todo, self._ner_spans(todo), strict=True):
            spans = detect(text, DetectContext(known, ner, precise), self.kinds)
            ids = self._id_mentions(text)
            self._cache[text] = resolve([*spans, *ids]) if ids else spans
        return [self._cache[t] for t in texts]

    def _id_mentions(self, text: str) -> list[Span]:
        """A renumbered respondent's label in a text (a survey source's "Respondent 47370684 · ..." lines)."""
        if not self._id_speakers or PERSON not in self.kinds:
            return []
        return [
            Span(m.start(), m.end(), PERSON, m.group(0), "speaker-id")
            for m in _ID_MENTION.finditer(text)
            if " ".join(m.group(0).split()) in self._id_speakers
        ]

    def detect(self, text: str) -> list[Span]:
        return self.detect_many([text])[0]

    # ------------------------------------------------------------ fitting
    def add_speaker(self, name: str, role: str = PARTICIPANT) -> str:
        """Register a speaker; returns its pseudonym ("Deltager 3"). Labels that identify nobody ("P3",
        "Interviewer", "ukendt") stay; a label holding an id ("Respondent 47370684") gets a new number."""
        name = name.strip()
        if name in self.speakers:
            return self.speakers[name]
        renumber = renumbered_id(name, role)
        if not renumber and (
            not any(c.isalpha() for c in name) or name == UNKNOWN_SPEAKER or GENERIC_SPEAKER.match(name)
        ):
            self.speakers[name] = name
            self._taken.add(name)
            return name
        label = self.speaker_labels.get(role, self.speaker_labels[PARTICIPANT])
        pseudo = self._next_speaker(label)
        self.speakers[name] = pseudo
        if renumber:  # found in text by _id_mentions, not as a name: no rebuild per respondent
            self._id_speakers.add(name)
            return pseudo
        self.known_names.add(name)
        self._alias_speaker_parts(name)
        self._changed()
        return pseudo

    def _next_speaker(self, label: str) -> str:
        """The next "<label> N" no speaker shows yet (a kept "Respondent 3" is never given again)."""
        while True:
            self._counts[f"speaker:{label}"] += 1
            pseudo = f"{label} {self._counts[f'speaker:{label}']}"
            if pseudo not in self._taken:
                self._taken.add(pseudo)
                return pseudo

    def _alias_speaker_parts(self, name: str) -> None:
        """"Moderator (Lise)" or "Lise Holm" as a speaker: a bare "Lise" in the text is that speaker too."""
        parts = [
            p
            for p in _NAME_PART.findall(name)
            if len(p) > 1 and p.lower() not in STOP_WORDS and not GENERIC_SPEAKER.match(p)
        ]
        if len(parts) == 1 and parts[0] == name:
            return
        for part in parts:
            self.known_names.add(part)
            if self._aliases.get(part, name) != name:
                self._ambiguous_parts.add(part)  # two speakers share it: not a safe link
            self._aliases.setdefault(part, name)
        for part in self._ambiguous_parts:
            self._aliases.pop(part, None)
        self._changed()

    def fit(self, texts: Iterable[str] = (), speakers: Iterable[tuple[str, str] | str] = ()) -> Pseudonymizer:
        """Learn the entities of a whole project so that numbering and name links are stable."""
        pairs = [(sp, PARTICIPANT) if isinstance(sp, str) else sp for sp in speakers]
        for name, role in speaker_order(pairs):
            self.add_speaker(name, role)
        texts = list(texts)
        all_spans = self.detect_many(texts)
        persons = [s.text for spans in all_spans for s in spans if s.kind == PERSON]
        self._link_names([*self.known_names, *persons])
        for spans in all_spans:
            for sp in spans:
                self._placeholder(sp.kind, sp.text)
        return self

    def _link_names(self, names: Iterable[str]) -> None:
        """A single word that starts (first name) or ends (surname) exactly one full name is that person,
        and a full name in the genitive ("Lone Hansens", tagged whole by the NER) is its base name when that
        was found too: otherwise "Lone Hansen", "Lone Hansens" and "Lone" became three people."""
        full = {_norm(PERSON, n) for n in names if " " in _norm(PERSON, n)}
        for f in sorted(full):
            if f.endswith("s") and f[:-1] in full:
                self._aliases.setdefault(f, f[:-1])
                full.discard(f)
        by_part: dict[str, set[str]] = defaultdict(set)
        for f in full:
            parts = f.split(" ")
            by_part[parts[0]].add(f)
            by_part[parts[-1]].add(f)
        for part, fulls in by_part.items():
            if len(fulls) == 1 and part not in self._ambiguous_parts:
                self._aliases.setdefault(part, next(iter(fulls)))

    def placeholder(self, kind: str, text: str) -> str:
        """The placeholder for a whole value of a known kind (a "Navn" or "Adresse" survey column),
        numbered and linked like the ones found in texts, so the key reverses it too."""
        return self._placeholder(kind, text)

    def _placeholder(self, kind: str, text: str) -> str:
        norm = _norm(kind, text)
        genitive = ""
        if kind == PERSON:
            base = self._aliases.get(norm, norm)
            genitive = "s" if base == norm[:-1] else ""  # "Lone Hansens" -> "[Person 1]s", as "Lones" is
            norm = base
            speaker = self.speakers.get(norm) or self._speaker_by_alias(norm)
            if speaker and speaker != norm:
                self._mentions[speaker].setdefault(" ".join(text.split()), None)
                return f"[{speaker}]{genitive}"
        key = (kind, norm)
        if key not in self.mapping:
            label = self.labels[kind]
            self._counts[label] += 1
            self.mapping[key] = f"[{label} {self._counts[label]}]"
        return self.mapping[key] + genitive

    def _speaker_by_alias(self, norm: str) -> str | None:
        """The pseudonym of the first speaker (in the order they came) registered under an alias of
        ``norm`` (a speaker "Lise" when "Lise" abbreviates "Lise Holm"), and not kept as is. Only alias
        parts can be such speakers, so this looks at the aliases, not at every speaker: batch registers
        one per respondent (10,000), and the scan over all of them for every name in the texts took
        ~2 s of a 10k batch's merge (issue 16)."""
        names = [n for n, full in self._aliases.items() if full == norm and self.speakers.get(n, n) != n]
        if len(names) > 1:
            order = {n: i for i, n in enumerate(self.speakers)}
            names.sort(key=order.__getitem__)
        return self.speakers[names[0]] if names else None

    # ------------------------------------------------------------ transforming
    def transform_spans(self, text: str) -> tuple[str, list[Replacement]]:
        """The pseudonymised text and what was replaced where (offsets in both texts)."""
        out: list[str] = []
        reps: list[Replacement] = []
        pos = new_len = 0
        for sp in self.detect(text):
            out.append(text[pos : sp.start])
            new_len += sp.start - pos
            pseudo = self._placeholder(sp.kind, sp.text)
            reps.append(Replacement(sp.start, sp.end, new_len, new_len + len(pseudo), sp.kind, sp.text, pseudo))
            out.append(pseudo)
            new_len += len(pseudo)
            pos = sp.end
        out.append(text[pos:])
        return "".join(out), reps

    def transform(self, text: str) -> str:
        return self.transform_spans(text)[0]

    def speaker(self, name: str, role: str = PARTICIPANT) -> str:
        return self.add_speaker(name, role)

    # ------------------------------------------------------------ the key
    def key(self) -> dict[str, Any]:
        """Placeholder -> originals, JSON-ready. Store it apart from the pseudonymised project."""
        entities: dict[str, dict[str, Any]] = {}
        for (kind, norm), pseudo in self.mapping.items():
            entities.setdefault(pseudo, {"kind": kind, "originals": []})["originals"].append(norm)
        return {
            "version": KEY_VERSION,
            "entities": entities,
            "speakers": {p: n for n, p in self.speakers.items() if p != n},
            "speaker_mentions": {p: list(m) for p, m in self._mentions.items()},
            "aliases": dict(self._aliases),
        }

    def load_key(self, key: dict[str, Any]) -> Pseudonymizer:
        """Continue an earlier mapping, so re-running after a new import keeps every placeholder."""
        for pseudo, ent in key.get("entities", {}).items():
            for norm in ent["originals"]:
                self.mapping[(ent["kind"], norm)] = pseudo
            label, _, num = pseudo.strip("[]").rpartition(" ")
            if num.isdigit():
                self._counts[label] = max(self._counts[label], int(num))
        for pseudo, name in key.get("speakers", {}).items():
            self.speakers[name] = pseudo
            self._taken.add(pseudo)
            if _ID_SPEAKER.match(name) and GENERIC_SPEAKER.match(name):  # only ids are renumbered labels
                self._id_speakers.add(name)
            else:
                self.known_names.add(name)
            label, _, num = pseudo.rpartition(" ")
            if num.isdigit():
                self._counts[f"speaker:{label}"] = max(self._counts[f"speaker:{label}"], int(num))
        self._aliases.update(key.get("aliases", {}))
        for pseudo, forms in key.get("speaker_mentions", {}).items():
            self._mentions[pseudo].update(dict.fromkeys(forms))
        self._changed()
        return self

    @staticmethod
    def reverse(text: str, key: dict[str, Any]) -> str:
        """Put the originals back (first original form of each placeholder); only for whoever holds the key.

        A placeholder that stood for several forms ("Lone Hansen" and "Lone") gets the first one back.
        """
        table = {p: e["originals"][0] for p, e in key.get("entities", {}).items()}
        mentions = key.get("speaker_mentions", {})
        table.update({f"[{p}]": (mentions.get(p) or [n])[0] for p, n in key.get("speakers", {}).items()})
        if not table:
            return text
        pattern = re.compile("|".join(re.escape(p) for p in sorted(table, key=len, reverse=True)))
        return pattern.sub(lambda m: table[m.group(0)], text)

