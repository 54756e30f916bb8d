"""The pseudonymiser an export uses, behind one small interface.

``focusgroup.privacy.Pseudonymizer`` does the real work (names from NER, name lists and speakers;
CPR, phones, e-mails, addresses). It is fitted once on every text the export will show, so the
NER runs in one batch (and never on a text it tagged before: its spans are cached in the project) and
the same person gets the same placeholder in quotes, in the text between quotes (speaker labels,
headers), in memos and in theme labels. The project's key is continued and written back after the
fit, so every export numbers the same person the same way, whether or not ``pseudonymize`` was run.
If the privacy package is missing, speaker names are still replaced (a floor, not the goal).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from focusgroup.records import UNKNOWN_SPEAKER
from focusgroup.store import Project


class Scrubber(Protocol):
    def fit(self, texts: Iterable[str], speakers: Iterable[tuple[str, str]]) -> None: ...
    def speaker(self, name: str, role: str) -> str: ...
    def text(self, text: str) -> str: ...
    def quote(self, quote_id: int, text: str) -> str: ...
    def placeholder(self, kind: str, value: str) -> str: ...


def make_scrubber(project: Project) -> Scrubber:
    """The project's own pseudonymiser (continuing its key) and its stored pseudonymised quotes, so an
    export shows exactly the placeholders the app shows."""
    from focusgroup.privacy import key_path_for, pseudonymized_view

    pv = pseudonymized_view(project)
    return PrivacyScrubber(pv.pseudonymizer, quotes=pv.quotes, speakers=pv.speakers, fitted=True,
                           key_path=key_path_for(project))


class PrivacyScrubber:
    """Scrubs with a ``Pseudonymizer``; the many short texts of an export are pseudonymised in a few
    joined batches, because detection has a per-text cost (a pass per known name) that dominates
    for thousands of speaker labels and survey cells."""

    # blank lines around an invisible separator: no name spans it, and the NER tags (and caches) each
    # piece on its own (privacy.pseudonymizer.SEGMENT, the same string)
    SEPARATOR = "\n\n\u2063\n\n"
    BATCH_CHARS = 20_000  # well under spaCy's max_length; span resolution grows faster than linearly

    def __init__(self, pseudonymizer, *, quotes: dict[int, str] | None = None,
                 speakers: dict[str, str] | None = None, fitted: bool = False, key_path: Path | None = None) -> None:
        self.key_path = key_path
        self.pz = pseudonymizer
        self.quotes = quotes or {}
        self.speakers = speakers or {}
        self.fitted = fitted
        self.done: dict[str, str] = {}

    def fit(self, texts: Iterable[str], speakers: Iterable[tuple[str, str]]) -> None:
        # A numeric respondent id ("12") names nobody; registered as a name, every "12" in the text would go.
        speakers = [(n, r) for n, r in speakers if _names_someone(n)]
        todo = list(dict.fromkeys(t for t in texts if t and self.SEPARATOR.strip() not in t))
        batches = list(_batches(todo, self.BATCH_CHARS))
        joined = [self.SEPARATOR.join(batch) for batch in batches]
        if self.fitted:
            from focusgroup.privacy.pseudonymizer import speaker_order

            for name, role in speaker_order(speakers):
                self.pz.speaker(name, role)
        else:
            self.pz.fit(joined, speakers)
        for batch, text in zip(batches, joined, strict=True):
            out = self.pz.transform(text).split(self.SEPARATOR)
            if len(out) == len(batch):  # else a placeholder swallowed a separator: do those one by one
                self.done.update(zip(batch, out, strict=True))
        self.save_key()

    def save_key(self) -> None:
        """Write the key back (0600, ``store.keyfile``) when the export added to it: the next export
        continues its numbering instead of numbering afresh."""
        if self.key_path is None:
            return
        from focusgroup.store.keyfile import read_key, write_key

        key = self.pz.key()
        if (key.get("entities") or key.get("speakers")) and read_key(self.key_path) != key:
            write_key(self.key_path, key)

    def speaker(self, name: str, role: str) -> str:
        if name in self.speakers:
            return self.speakers[name]
        return self.pz.speaker(name, role) if _names_someone(name) else name

    def text(self, text: str) -> str:
        if not text:
            return text
        if text not in self.done:
            self.done[text] = self.pz.transform(text)
        return self.done[text]

    def quote(self, quote_id: int, text: str) -> str:
        return self.quotes.get(quote_id) or self.text(text)

    def placeholder(self, kind: str, value: str) -> str:
        """A whole background value of a personal-data column ("Adresse", "Navn") as one placeholder."""
        return self.pz.placeholder(kind, value)


def _batches(texts: list[str], max_chars: int) -> Iterable[list[str]]:
    batch: list[str] = []
    size = 0
    for t in texts:
        if batch and size + len(t) > max_chars:
            yield batch
            batch, size = [], 0
        batch.append(t)
        size += len(t) + 5
    if batch:
        yield batch


def _names_someone(name: str) -> bool:
    """"ukendt" and numeric respondent ids identify nobody and stay as they are."""
    return name != UNKNOWN_SPEAKER and any(c.isalpha() for c in name)
