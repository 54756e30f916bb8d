"""The pseudonymiser an export uses, behind one small interface.

``focusgroup.privacy.Pseudonymizer`` does the real work (names from NER, name lists and speakers;
CPR, phones, e-mails, addresses). It is fitted once on every text the export will show, so the
NER runs in one batch and the same person gets the same placeholder in quotes, in the text
between quotes (speaker labels, headers), in memos and in theme labels. If the privacy package is
missing, speaker names are still replaced (a floor, not the goal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from focusgroup.records import MODERATOR, PARTICIPANT, RESPONDENT, UNKNOWN_SPEAKER
from focusgroup.store import Project


class Scrubber(Protocol):
    def fit(self, texts: Iterable[str], speakers: Iterable[tuple[str, str]]) -> None: ...
    def speaker(self, name: str, role: str) -> str: ...
    def text(self, text: str) -> str: ...
    def quote(self, quote_id: int, text: str) -> str: ...


def make_scrubber(project: Project) -> Scrubber:
    try:
        from focusgroup import privacy
    except ImportError:
        return SpeakerScrubber()
    view_fn = getattr(privacy, "pseudonymized_view", None)
    if view_fn is not None:
        # The project's own pseudonymiser (continuing its key) and its stored pseudonymised quotes, so an
        # export shows exactly the placeholders the app shows.
        pv = view_fn(project)
        return PrivacyScrubber(pv.pseudonymizer, quotes=pv.quotes, speakers=pv.speakers, fitted=True)
    if hasattr(privacy, "Pseudonymizer"):
        return PrivacyScrubber(privacy.Pseudonymizer())
    return SpeakerScrubber()


class PrivacyScrubber:
    def __init__(self, pseudonymizer, *, quotes: dict[int, str] | None = None,
                 speakers: dict[str, str] | None = None, fitted: bool = False) -> None:
        self.pz = pseudonymizer
        self.quotes = quotes or {}
        self.speakers = speakers or {}
        self.fitted = fitted

    def fit(self, texts: Iterable[str], speakers: Iterable[tuple[str, str]]) -> None:
        # A numeric respondent id ("12") names nobody; registered as a name, every "12" in the text would go.
        speakers = [(n, r) for n, r in speakers if _names_someone(n)]
        texts = [t for t in texts if t]
        if self.fitted:
            for name, role in speakers:
                self.pz.speaker(name, role)
            self.pz.detect_many(texts)  # one batched NER pass; transform() then reads the cache
        else:
            self.pz.fit(texts, speakers)

    def speaker(self, name: str, role: str) -> str:
        if name in self.speakers:
            return self.speakers[name]
        return self.pz.speaker(name, role) if _names_someone(name) else name

    def text(self, text: str) -> str:
        return self.pz.transform(text) if text else text

    def quote(self, quote_id: int, text: str) -> str:
        return self.quotes.get(quote_id) or self.text(text)


_PREFIX = {MODERATOR: "Moderator", PARTICIPANT: "Deltager", RESPONDENT: "Respondent"}


class SpeakerScrubber:
    """Role-numbered speaker pseudonyms ("Deltager 3"), replaced wherever the name appears."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self._pattern: re.Pattern[str] | None = None
        self._compiled = False

    def fit(self, texts: Iterable[str], speakers: Iterable[tuple[str, str]]) -> None:
        for name, role in speakers:
            self.speaker(name, role)

    def speaker(self, name: str, role: str) -> str:
        if name not in self.names:
            if not _names_someone(name):
                self.names[name] = name
            else:
                prefix = _PREFIX.get(role, "Deltager")
                self._counts[prefix] = self._counts.get(prefix, 0) + 1
                self.names[name] = f"{prefix} {self._counts[prefix]}"
            self._compiled = False
        return self.names[name]

    def quote(self, quote_id: int, text: str) -> str:
        return self.text(text)

    def text(self, text: str) -> str:
        if not text:
            return text
        if not self._compiled:
            real = sorted((n for n, p in self.names.items() if n != p and len(n) > 1), key=len, reverse=True)
            self._pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, real)) + r")(?!\w)") if real else None
            self._compiled = True
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.names[m.group(1)], text)


def _names_someone(name: str) -> bool:
    """"ukendt" and numeric respondent ids identify nobody and stay as they are."""
    return name != UNKNOWN_SPEAKER and any(c.isalpha() for c in name)
