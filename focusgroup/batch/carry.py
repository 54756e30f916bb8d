"""A batch re-run keeps the researcher's work in the project it rebuilds.

Batch writes project.fgproj afresh from its chunk files at every merge (a finished folder run again, a
``--restart``, a new wave, another ``--group-by``). What the researcher did in that project since (theme
renames, merges, splits, moves, memos, key quotes, codings, reply flags, the study's title and other
settings) lived only there, and the new file replaced it without a word. ``focusgroup analyze`` keeps such
work because edits are an event log replayed over each new run (``themes.edits``); batch now does the same:
the log and the rest are copied from the old project into the new one before it is swapped in, and the
log is replayed by ``edits.replay`` exactly as analyze replays it (an edit whose themes are gone is
reported in analyze's words, and kept in the log).

Quote ids are what edits and codings name. The new project numbers its answers afresh, so each old quote
is found again by what it is (respondent, question, part, text), not by its number: a new wave appended to
the file, rows in another order or a changed chunk size all keep the work on the answers still there.
Work on answers that are no longer in the input (another file, a column left out, rows deleted) cannot be
carried; ``check`` finds that before anything is written and refuses with a ``UserError`` naming the
folder and what would be lost, unless the caller passes ``drop_lost=True`` (``--drop-lost-edits``).
Undo snapshots are not carried: as after a re-analysis, an edit made before the rebuild is edited again
rather than undone (``themes.history``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focusgroup.errors import UserError
from focusgroup.messages import text as msg

# Payload fields of the edit kinds (themes.edits) that hold quote ids, at any depth of lists.
QUOTE_FIELDS = ("theme", "themes", "groups", "quotes", "to", "quote")
# Settings the new project makes itself (or that name the old project's runs and files): not carried.
OWN_SETTINGS = ("privacy", "analysis.reuse", "outputs.reuse")
OWN_PREFIXES = ("themes.run.",)

Key = tuple[str, str, int, str]  # (respondent, question, part, text): an answer found again by what it is


class LostWork(UserError):
    """A re-run would rebuild a project whose researcher work cannot all be carried (``check``)."""


@dataclass
class Work:
    """What the researcher wrote in a batch project, with the quotes it names keyed by what they are."""

    edits: list[dict[str, Any]] = field(default_factory=list)  # the whole log, undone edits included
    codes: list[dict[str, Any]] = field(default_factory=list)
    codings: list[dict[str, Any]] = field(default_factory=list)
    key_quotes: list[int] = field(default_factory=list)
    memos: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)  # the researcher's reply flags only
    settings: dict[str, Any] = field(default_factory=dict)
    theme_members: dict[str, list[int]] = field(default_factory=dict)  # theme memos' themes, by member quotes
    other_sources: list[str] = field(default_factory=list)  # files imported into the project after batch
    keys: dict[int, Key] = field(default_factory=dict)  # old quote id -> key, for every quote named above
    dropped: dict[str, int] = field(default_factory=dict)  # what ``carry`` could not carry, per kind

    @property
    def empty(self) -> bool:
        return not (self.edits or self.codings or self.key_quotes or self.memos or self.replies
                    or self.other_sources)


def read_work(path: Path) -> Work | None:
    """The researcher's work in the project at ``path``; None when there is no project there."""
    if not path.exists():
        return None
    from focusgroup.store import Project

    with Project(path, create=False) as project:
        rows = project.work_rows()
        work = Work(
            edits=rows["edits"], codes=rows["codes"], codings=rows["codings"], key_quotes=rows["key_quotes"],
            memos=rows["memos"], replies=rows["replies"],
            settings={k: v for k, v in rows["settings"].items() if not _own_setting(k)},
            other_sources=[s.name for s in project.sources() if not s.metadata.get("batch")],
        )
        run_id = project.latest_run_id()
        if run_id is not None:
            members: dict[int, list[int]] = {}
            for qid, a in project.assignments(run_id).items():
                if a.theme_id is not None:
                    members.setdefault(a.theme_id, []).append(qid)
            work.theme_members = {m["key"]: members.get(int(m["key"]), []) for m in work.memos
                                  if m["target"] == "theme" and m["key"].isdigit()}
        named = set(_named(work))
        work.keys = {q.id: _key(q.speaker, q.column, q.part, q.text) for q in project.quotes(ids=sorted(named))} \
            if named else {}
    return work


def _own_setting(key: str) -> bool:
    return key in OWN_SETTINGS or key.startswith(OWN_PREFIXES)


def _key(speaker: str | None, column: str | None, part: int, text: str) -> Key:
    return (speaker or "", column or "", int(part or 0), text)


def _ints(value: Any) -> Iterable[int]:
    if isinstance(value, int) and not isinstance(value, bool):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _ints(v)


def _named(work: Work) -> Iterable[int]:
    """Every quote id the work names."""
    for e in work.edits:
        for f in QUOTE_FIELDS:
            yield from _ints(e["payload"].get(f))
    yield from (c["quote_id"] for c in work.codings)
    yield from work.key_quotes
    yield from (r["quote_id"] for r in work.replies)
    yield from (int(m["key"]) for m in work.memos if m["target"] == "quote" and m["key"].isdigit())
    for ids in work.theme_members.values():
        yield from ids


def lost(work: Work, present: set[Key]) -> dict[str, int]:
    """What of ``work`` names answers whose keys are not in ``present`` (the new input's answers): counts
    per kind, only the kinds with something lost (an edit counts when any quote it names is gone: its themes
    may still be found, as a re-analysis finds them, but its anchor has changed)."""
    gone = {q for q, k in work.keys.items() if k not in present}
    quote_memos = [m for m in work.memos if m["target"] == "quote"]
    counts = {
        "edits": sum(1 for e in work.edits if any(q in gone for f in QUOTE_FIELDS for q in _ints(e["payload"].get(f)))),
        "codings": sum(1 for c in work.codings if c["quote_id"] in gone),
        "key_quotes": sum(1 for q in work.key_quotes if q in gone),
        "memos": sum(1 for m in quote_memos if m["key"].isdigit() and int(m["key"]) in gone),
        "replies": sum(1 for r in work.replies if r["quote_id"] in gone),
        "sources": len(work.other_sources),
    }
    return {k: v for k, v in counts.items() if v}


def kept(work: Work) -> dict[str, int]:
    """What ``work`` holds, per kind (only kinds with something)."""
    counts = {"edits": len(work.edits), "codings": len(work.codings), "key_quotes": len(work.key_quotes),
              "memos": len(work.memos), "replies": len(work.replies)}
    return {k: v for k, v in counts.items() if v}


def describe_lost(counts: dict[str, int], lang: str | None = None) -> str:
    """"3 temaændring(er), 2 kodning(er)" in the catalogue's words."""
    return ", ".join(msg(f"batch_work_n_{k}", lang, n=n) for k, n in counts.items())


def input_keys(info: Any, chunk_size: int) -> set[Key]:
    """The keys of every answer of the input, laid out as the run will lay it out (one streaming pass; writes
    nothing). Only read when the input or its columns differ from the project's."""
    from focusgroup.batch.layout import layout_chunk
    from focusgroup.batch.reader import iter_chunks

    return {_key(q["speaker"], q["column"], q["part"], q["text"])
            for chunk in iter_chunks(info, chunk_size) for q in layout_chunk(chunk, info).quotes}


def check(work: Work | None, info: Any, project_path: Path, chunk_size: int, drop_lost: bool) -> None:
    """Refuse (``LostWork``) before anything is written when rebuilding ``project_path`` from ``info`` would
    lose researcher work, unless ``drop_lost``. The same file with the same columns keeps every answer."""
    if work is None or work.empty or drop_lost:
        return
    if work.other_sources:  # files imported into the batch project: batch builds it from its input alone
        raise LostWork("batch_rerun_loses_sources", path=project_path, input=info.path.name,
                       sources=", ".join(work.other_sources))
    present = set(work.keys.values()) if _same_input(project_path, info) else input_keys(info, chunk_size)
    counts = lost(work, present)
    if counts:
        raise LostWork("batch_rerun_loses_work", path=project_path, input=info.path.name, what=describe_lost(counts),
                       answers=sum(1 for k in work.keys.values() if k not in present))


def _same_input(project_path: Path, info: Any) -> bool:
    from focusgroup.store import Project

    with Project(project_path, create=False) as project:
        batch = [s for s in project.sources() if s.metadata.get("batch")]
    return len(batch) == 1 and batch[0].sha256 == info.sha256 \
        and list(batch[0].metadata.get("text_columns") or []) == list(info.text_columns) \
        and batch[0].metadata.get("id_column") == info.id_column  # the respondent names come from it


def carry(work: Work, project: Any, run_id: int, *, keep_title: bool) -> list[str]:
    """Write ``work`` into the new ``project`` (its run ``run_id`` just merged) and replay the edit log on that
    run as analyze does; returns the warnings for the user (edits that no longer apply, work dropped)."""
    from focusgroup.themes import edits
    from focusgroup.themes.describe import describe_state
    from focusgroup.themes.state import RunState

    ids = _new_ids(project, work.keys)
    new = lambda q: ids.get(q)  # noqa: E731
    warnings: list[str] = []
    with project.transaction():
        project.restore_work(
            edits=[e | {"payload": dict(e["payload"]) | {f: _remap(e["payload"][f], new) for f in QUOTE_FIELDS
                                                         if f in e["payload"]}} for e in work.edits],
            codes=work.codes,
            codings=[c | {"quote_id": new(c["quote_id"])} for c in work.codings if new(c["quote_id"]) is not None],
            key_quotes=[q2 for q2 in map(new, work.key_quotes) if q2 is not None],
            replies=[r | {"quote_id": new(r["quote_id"])} for r in work.replies if new(r["quote_id"]) is not None],
            settings={k: v for k, v in work.settings.items() if k != "study.title" or keep_title},  # a --title wins
        )
        state, replayed = RunState.load(project, run_id), []
        if any(not e["undone"] for e in work.edits) or work.key_quotes:  # else batch's run stays as merged
            replayed = edits.replay(project, state)
            describe_state(project, state)  # as analyze describes a run after its replay (key quotes lead)
            state.save(project)
            state = RunState.load(project, run_id)  # the saved themes' ids, for the theme memos
        for m in work.memos:  # a theme memo follows its theme as an edit's anchor does (edits.match)
            key: str | None = m["key"]
            if m["target"] == "quote" and m["key"].isdigit():
                key = None if new(int(m["key"])) is None else str(new(int(m["key"])))
            elif m["target"] == "theme":
                members = [q for q in map(new, work.theme_members.get(m["key"], [])) if q is not None]
                theme = edits.match(state, members)
                key = None if theme is None else str(theme)
            if key is not None:
                project.restore_memo(m["target"], key, m["text"], m["updated_at"])
        if replayed:  # where analyze keeps them (themes.analyze)
            record = project.get_setting(f"themes.run.{run_id}", {}) or {}
            project.set_setting(f"themes.run.{run_id}", record | {"edit_warnings": replayed})
    warnings += replayed
    counts = lost(work, {k for q, k in work.keys.items() if q in ids})
    counts.pop("edits", None)  # carried all the same, their anchors without the gone answers (replay says if one fails)
    work.dropped = counts
    if counts:
        warnings.append(msg("batch_work_dropped", what=describe_lost(counts)))
    return warnings


class Keeper:
    """``merge_outputs``' ``keep`` hook: reads the work of the project at ``path`` as it is at the merge (the
    researcher may have edited while the run ran) and carries it into the new project."""

    def __init__(self, path: Path, *, keep_title: bool, prepare: Callable[[Any], Any] | None = None) -> None:
        self.path, self.keep_title, self.prepare = path, keep_title, prepare
        self.warnings: list[str] = []
        self.kept = ""  # what was carried, in words
        self.seen: str | None = None  # the work carried, as a digest (``verify``)

    def __call__(self, project: Any, run_id: int) -> None:
        work = read_work(self.path)
        if work is not None:
            self.seen = _digest(work)
            if self.prepare is not None:  # e.g. the fit's caches into the new project before the replay reads them
                self.prepare(project)
            self.warnings = carry(work, project, run_id, keep_title=self.keep_title)
            self.kept = describe_lost({k: n - work.dropped.get(k, 0) for k, n in kept(work).items()
                                       if n > work.dropped.get(k, 0)})


    @classmethod
    def before_run(cls, path: Path, info: Any, chunk_size: int, drop_lost: bool, *, keep_title: bool) -> Keeper:
        """The keeper of a run into ``path``'s folder, once ``check`` found nothing would be lost (or
        ``drop_lost``); its ``prepare`` (set by the caller) runs before the replay, which describes the changed
        themes again as analyze does and reads the lemmas the fit made instead of parsing those answers again."""
        check(read_work(path), info, path, chunk_size, drop_lost)
        return cls(path, keep_title=keep_title)

    def verify(self) -> None:
        """Just before the swap: an edit the researcher made in the app after the work was read (the replay and
        quotes.csv take seconds) would be lost by the swap. Then nothing is swapped and the user runs batch again
        (a merge only), which carries it."""
        if self.seen is not None:
            work = read_work(self.path)
            if work is None or _digest(work) != self.seen:
                raise LostWork("batch_project_changed", path=self.path)


def _digest(work: Work) -> str:
    import hashlib

    fields = (work.edits, work.codes, work.codings, work.key_quotes, work.memos, work.replies, work.settings,
              work.other_sources)
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _new_ids(project: Any, keys: dict[int, Key]) -> dict[int, int]:
    """Old quote id -> new quote id, by key; two answers with one key are paired in the order they come."""
    wanted = Counter(keys.values())
    found: dict[Key, list[int]] = {}
    for q in project.quotes():
        k = _key(q.speaker, q.column, q.part, q.text)
        if wanted.get(k):
            found.setdefault(k, []).append(q.id)
    out = {}
    for old in sorted(keys):
        pool = found.get(keys[old])
        if pool:
            out[old] = pool.pop(0)
    return out


def _remap(value: Any, new: Any) -> Any:
    """Quote ids in an edit's field to the new project's; ids not found are left out (an anchor shrinks, as
    when a re-analysis leaves a quote out), a single id not found becomes None."""
    if isinstance(value, list):
        return [x for x in (_remap(v, new) for v in value) if x is not None]
    if isinstance(value, int) and not isinstance(value, bool):
        return new(value)
    return value
