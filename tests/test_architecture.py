"""Imports run one way: records <- store <- nlp/embed <- themes/sentiment/privacy <- export <- pipeline <-
cli/ui/batch (ARCHITECTURE.md). Every ``import focusgroup...`` in the package, at the top of a file or
inside a function, is parsed with ``ast`` and may only reach a module of its own layer or a lower one.

A new top-level module or package must be given a layer in ``LAYERS`` (the test fails until it is), so
the question "where does this go?" is answered when the code is written, not in a later review.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "focusgroup"

# Layer of each module prefix, lowest first; the longest matching prefix wins.
LAYERS: dict[str, int] = {
    # 0 - records: plain data, the message catalogue, settings; no focusgroup imports beyond this layer
    "focusgroup": 0, "focusgroup.records": 0, "focusgroup.errors": 0, "focusgroup.messages": 0,
    "focusgroup.paths": 0, "focusgroup.progress": 0, "focusgroup.config": 0, "focusgroup.registry": 0,
    "focusgroup.lean_imports": 0,  # an import hook the CLI installs first; imports nothing of focusgroup
    # 1 - store and the readers that turn files into records; the figures computed from records
    "focusgroup.store": 1, "focusgroup.ingest": 1, "focusgroup.limits": 1, "focusgroup.refi_qda.reader": 1,
    "focusgroup.stats": 1,
    # 2 - language processing and embeddings
    "focusgroup.nlp": 2, "focusgroup.embed": 2,
    # 3 - analyses on top of the store and the language models
    "focusgroup.themes": 3, "focusgroup.sentiment": 3, "focusgroup.privacy": 3, "focusgroup.coding": 3,
    "focusgroup.search": 3, "focusgroup.replies": 3,
    "focusgroup.stats.label_share": 3,  # the label share counts with search.stem_finder (Danish lemmas, compounds)
    # 4 - exports (the REFI-QDA writer is one; the package's __init__ serves both directions lazily)
    "focusgroup.export": 4, "focusgroup.refi_qda": 4,
    # 5 - the pipeline that runs import -> analyses -> outputs; importing a coded REFI-QDA project runs it
    "focusgroup.pipeline": 5, "focusgroup.coding.refi_import": 5,
    # 6 - what a user runs
    "focusgroup.cli": 6, "focusgroup.ui": 6, "focusgroup.batch": 6, "focusgroup.__main__": 6,
}
NAMES = ["records", "store", "nlp/embed", "themes/sentiment/privacy", "export", "pipeline", "cli/ui/batch"]


def layer(module: str) -> int | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in LAYERS and (n > 1 or len(parts) == 1):
            return LAYERS[prefix]
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every focusgroup import in the file; ``from focusgroup import x``
    counts as importing ``focusgroup.x``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("focusgroup")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "focusgroup":
                out += [(node.lineno, f"focusgroup.{a.name}") for a in node.names]
            elif node.module.startswith("focusgroup."):
                out.append((node.lineno, node.module))
    return out


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(module_name(p) for p in PACKAGE.rglob("*.py") if layer(module_name(p)) is None)
    assert not unplaced, f"give these modules a layer in LAYERS and ARCHITECTURE.md: {unplaced}"


def test_imports_never_run_up_a_layer() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        mine = layer(here)
        for line, target in imports(path):
            theirs = layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} {here} ({NAMES[mine]}) imports "
                              f"{target} ({NAMES[theirs]})")
    assert not upward, "imports that run back up a layer:\n" + "\n".join(upward)


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from focusgroup.export import build_view\n", encoding="utf-8")
    assert imports(bad) == [(2, "focusgroup.export")]
    assert layer("focusgroup.store.project") == 1 < layer("focusgroup.export") == 4
    assert layer("focusgroup.refi_qda.reader") == 1 and layer("focusgroup.refi_qda.writer") == 4
    assert layer("focusgroupx.other") is None


# The brief's "modules under ~400 lines": 400 and a margin of a few lines, so one more docstring sentence does not
# force a split, while a module that grew by a function is split into modules of one job each (batch/run.py had
# 407 lines until session 19, when batch/locate.py took its quote-number look-ups). No exceptions.
MAX_LINES = 405


def test_no_module_is_much_longer_than_400_lines() -> None:
    files = sorted(PACKAGE.rglob("*.py")) + [PACKAGE.parent / "app.py"]
    long = {str(p.relative_to(PACKAGE.parent)): n for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these into modules of one job each: {long}"
