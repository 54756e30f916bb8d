"""Pseudonymise a whole project: stored pseudonymised quotes and speakers, key kept in a separate file.

The key (placeholder -> real name/number) goes to ``<project>.pseudokey.json`` next to the project,
never into the project file or an export, so sharing the project or an export does not share the
key; deleting the project removes it too (``Project.delete`` removes ``*.key*`` side files).
Re-running after a new import reloads the key, so every existing placeholder stays the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from focusgroup.errors import UserError
from focusgroup.privacy.pseudonymizer import Pseudonymizer, speaker_order
from focusgroup.progress import Progress
from focusgroup.store import Project
from focusgroup.store.keyfile import key_path as _key_path
from focusgroup.store.keyfile import read_key, write_key

SETTING = "privacy"
STEP = "Finder personoplysninger"
CHUNK = 200


def key_path_for(project: Project) -> Path:
    return _key_path(project.path)


def project_pseudonymizer(
    project: Project,
    *,
    use_ner: bool = True,
    key_path: Path | None = None,
    names: tuple[str, ...] = (),
    progress: Progress | None = None,
    fit: bool = True,
    speaker_labels: dict[str, str] | None = None,
) -> Pseudonymizer:
    """A Pseudonymizer continuing the project's key (if any), with all speakers registered.

    ``fit`` runs detection over every quote first (numbering by first appearance, name links);
    skip it when the key already covers the project.
    """
    if speaker_labels is None:
        speaker_labels = (project.get_setting(SETTING) or {}).get("speaker_labels")
    pz = Pseudonymizer(use_ner=use_ner, names=names, speaker_labels=speaker_labels, ner_store=project)
    key = read_key(key_path or key_path_for(project))
    if key:
        pz.load_key(key)
    for name, role in speaker_order((sp.name, sp.role) for sp in project.speakers()):
        pz.add_speaker(name, role)
    texts = [q.text for q in project.quotes()] if fit else []
    for i in range(0, len(texts), CHUNK):  # NER in chunks only to report progress; fit() then hits the cache
        pz.detect_many(texts[i : i + CHUNK])
        if progress is not None:
            progress(STEP, min(i + CHUNK, len(texts)), len(texts))
    pz.fit(texts)
    return pz


@dataclass
class PseudonymizationSummary:
    sources: int
    quotes: int
    speakers_renamed: int
    replaced: dict[str, int]  # kind -> number of replacements in quote texts
    entities: int  # distinct placeholders
    key_path: Path
    changed_quotes: int
    examples: list[tuple[str, str]] = field(default_factory=list)  # (original, pseudonymised) quote pairs


def pseudonymize_project(
    project: Project,
    *,
    use_ner: bool = True,
    key_path: Path | None = None,
    names: tuple[str, ...] = (),
    progress: Progress | None = None,
    speaker_labels: dict[str, str] | None = None,
) -> PseudonymizationSummary:
    """Pseudonymise every quote and speaker of ``project`` and store the result; write the key apart.

    ``speaker_labels`` maps a role to its label ({"participant": "Informant"}); remembered in the
    project's settings. Labels apply to speakers not yet in the key (existing pseudonyms stay).
    """
    key_path = key_path or key_path_for(project)
    if speaker_labels is None:
        speaker_labels = (project.get_setting(SETTING) or {}).get("speaker_labels")
    pz = project_pseudonymizer(
        project, use_ner=use_ner, key_path=key_path, names=names, progress=progress, speaker_labels=speaker_labels
    )
    quotes = project.quotes()
    speakers = project.speakers()
    counts: Counter[str] = Counter()
    rows, examples = [], []
    for q in quotes:
        new, reps = pz.transform_spans(q.text)
        counts.update(r.kind for r in reps)
        rows.append((q.id, new))
        if reps and len(examples) < 5:
            examples.append((q.text, new))
    speaker_rows = [(sp.id, pz.speaker(sp.name, sp.role)) for sp in speakers]
    project.replace_pseudonymized(rows, speaker_rows)
    key = pz.key()
    write_key(key_path, key)
    summary = PseudonymizationSummary(
        sources=len(project.sources()),
        quotes=len(quotes),
        speakers_renamed=sum(1 for sp in speakers if pz.speaker(sp.name, sp.role) != sp.name),
        replaced=dict(counts),
        entities=len(key["entities"]),
        key_path=key_path,
        changed_quotes=sum(1 for q, (_, new) in zip(quotes, rows, strict=True) if new != q.text),
        examples=examples,
    )
    project.set_setting(
        SETTING,
        {
            "pseudonymized_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "key_file": key_path.name,
            "use_ner": use_ner,
            "replaced": summary.replaced,
            "quotes": summary.quotes,
            "speaker_labels": speaker_labels or {},
        },
    )
    return summary


@dataclass
class PseudonymizedView:
    """What exports and the app show instead of real names: per quote id and per speaker name."""

    quotes: dict[int, str]
    speakers: dict[str, str]
    pseudonymizer: Pseudonymizer
    stored: bool  # True when the texts come from a stored `pseudonymize` run

    def quote_text(self, quote_id: int, default: str = "") -> str:
        return self.quotes.get(quote_id, default)

    def speaker_name(self, name: str) -> str:
        return self.speakers.get(name) or self.pseudonymizer.speaker(name)


def pseudonymized_view(project: Project, *, use_ner: bool = True) -> PseudonymizedView:
    """The pseudonymised texts of a project: stored ones when complete, else computed now (nothing written).

    The returned ``pseudonymizer`` continues the project's key, so texts outside quotes (memos,
    theme labels) get the same placeholders as the quotes.
    """
    stored = project.pseudonymized_quotes()
    quotes = project.quotes()
    complete = bool(quotes) and all(q.id in stored for q in quotes)
    pz = project_pseudonymizer(project, use_ner=use_ner, fit=not complete)
    texts = stored if complete else {q.id: pz.transform(q.text) for q in quotes}
    stored_speakers = project.pseudonymized_speakers()
    # a stored name equal to the real one predates a rule (respondent ids are renumbered now): ask the key
    speakers = {
        sp.name: stored if (stored := stored_speakers.get(sp.name)) and stored != sp.name else pz.speaker(sp.name, sp.role)
        for sp in project.speakers()
    }
    return PseudonymizedView(quotes=texts, speakers=speakers, pseudonymizer=pz, stored=complete)


def reverse_text(text: str, key_path: Path) -> str:
    """Real names back into a pseudonymised text: needs the key file, on purpose."""
    key = read_key(key_path)
    if key is None:
        raise UserError("privacy_key_missing", path=key_path)
    return Pseudonymizer.reverse(text, key)
