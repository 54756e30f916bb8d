"""An edit leaves the hierarchy as the researcher saw it and says when it changes a parent's label (issue 18,
session 18). A merge regrouped every theme by the new centroids: on the sample survey merging two children of
one parent moved themes of other parents about and relabelled three parents, none named in the edit, without a
word. Now each theme stays under the parent of most of its quotes, a parent keeps its label while it has the
same children or quotes (a half that named a merged child follows it), and the CLI and the app say which
parent labels changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.config import AnalysisConfig
from focusgroup.store import Project
from focusgroup.themes import analyze, edits


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory, transcripts_dir: Path) -> Path:
    from focusgroup.ingest import read_file

    path = tmp_path_factory.mktemp("edit_parents") / "s.fgproj"
    with Project(path) as p:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"):
            p.add_parsed(parsed)
        analyze(p, AnalysisConfig(embedder="tfidf"))
    return path


@pytest.fixture
def project(analysed: Path, tmp_path: Path) -> Path:
    path = tmp_path / "s.fgproj"
    shutil.copy(analysed, path)
    return path


def _tree(p: Project) -> tuple[dict[int, str], dict[int, str], dict[int, int | None]]:
    """(parent id -> label, leaf id -> label, leaf id -> parent id)."""
    themes = p.themes()
    ids = {t.parent_id for t in themes if t.parent_id is not None}
    return ({t.id: t.label for t in themes if t.id in ids}, {t.id: t.label for t in themes if t.id not in ids},
            {t.id: t.parent_id for t in themes if t.id not in ids})


def _pair_parent(parents: dict[int, str], leaves: dict[int, str], parent_of: dict[int, int | None]):
    """A parent named "A og b" after two of its children, and those two children."""
    for pid, label in sorted(parents.items()):
        halves = label.split(" og ")
        if len(halves) != 2:
            continue
        kids = {leaves[k].split(" og ")[0].casefold(): k for k, p in parent_of.items() if p == pid}
        if all(h.casefold() in kids for h in halves):
            return pid, kids[halves[0].casefold()], kids[halves[1].casefold()]
    raise AssertionError(f"no parent named after two children: {parents}")


def test_merging_the_two_children_a_parent_is_named_after_keeps_the_tree_and_says_the_new_name(project):
    with Project(project) as p:
        parents, leaves, parent_of = _tree(p)
        pid, a, b = _pair_parent(parents, leaves, parent_of)
        changes = edits.merge(p, [a, b], "Post og døren")
        after, after_leaves, after_of = _tree(p)

    # every other theme stays under the parent it was under; the merged theme under the pair's parent
    assert {k: v for k, v in after_of.items()} == {k: v for k, v in parent_of.items() if k != b}
    assert after_leaves[a] == "Post og døren"
    # the pair named two children that are now one: the parent is named afresh, and the edit says so
    assert after[pid] != parents[pid]
    assert {k: v for k, v in after.items() if k != pid} == {k: v for k, v in parents.items() if k != pid}
    assert changes == [edits.ParentChange(parents[pid], after[pid])]
    assert edits.notices(changes) == [f"Det overordnede tema »{parents[pid]}« hedder nu »{after[pid]}«."]
    assert edits.notices(changes, "en") == [f"The parent theme “{parents[pid]}” is now called “{after[pid]}”."]


def test_merging_a_child_into_another_parents_child_relabels_only_the_parent_that_lost_it(project):
    with Project(project) as p:
        parents, leaves, parent_of = _tree(p)
        pid, a, _ = _pair_parent(parents, leaves, parent_of)
        # a smaller child of another parent, named in that parent's label, so the loss shows
        size = {t.id: t.size for t in p.themes()}
        other, moved = next((q, k) for k, q in sorted(parent_of.items()) if q not in (None, pid) and size[k] < size[a]
                            and leaves[k].split(" og ")[0].casefold() in parents[q].casefold().split(" og "))
        changes = edits.merge(p, [a, moved], "Samlet tema")
        after, _, after_of = _tree(p)

    assert after_of[a] == pid  # the merged theme stays under the parent of most of its quotes
    assert {k: q for k, q in after_of.items() if k != a} == {k: q for k, q in parent_of.items() if k not in (a, moved)}
    half = leaves[a].split(" og ")[0]
    assert after[pid] == parents[pid].replace(half, "Samlet tema", 1), (parents[pid], after[pid])
    assert after[other] != parents[other]
    assert set(changes) == {edits.ParentChange(parents[pid], after[pid]), edits.ParentChange(parents[other], after[other])}
    unchanged = set(parents) - {pid, other}
    assert {k: after[k] for k in unchanged} == {k: parents[k] for k in unchanged}


def test_a_rename_a_split_and_a_memo_keep_the_tree(project):
    with Project(project) as p:
        parents, leaves, parent_of = _tree(p)
        big = max(leaves, key=lambda k: (parent_of[k] is not None, len([q for q, x in p.assignments().items()
                                                                         if x.theme_id == k])))
        assert edits.memo(p, big, "note") == []
        assert edits.split(p, big, 2) is not None
        after, after_leaves, after_of = _tree(p)
    new = set(after_leaves) - set(leaves)
    assert len(new) == 1 and after_of[new.pop()] == parent_of[big]  # the new part under its theme's parent
    assert {k: after_of[k] for k in leaves} == parent_of


def test_theme_merge_command_prints_the_parents_new_name(project, monkeypatch):
    from focusgroup.cli import app

    with Project(project) as p:
        parents, leaves, parent_of = _tree(p)
        pid, a, b = _pair_parent(parents, leaves, parent_of)
    result = CliRunner().invoke(app, ["theme", "merge", str(project), str(a), str(b), "--label", "Post og døren"])
    assert result.exit_code == 0, result.output
    with Project(project) as p:
        new = _tree(p)[0][pid]
    assert f"Det overordnede tema »{parents[pid]}« hedder nu »{new}«." in result.output
    assert f"Temaerne {a} og {b} er lagt sammen." in result.output  # was "Temaerne [4, 9] er lagt sammen."
    monkeypatch.setenv("FOCUSGROUP_LANG", "en")  # the same merge again, in English
    assert CliRunner().invoke(app, ["theme", "undo", str(project)]).exit_code == 0
    result = CliRunner().invoke(app, ["theme", "merge", str(project), str(a), str(b), "--label", "Post og døren"])
    assert result.exit_code == 0, result.output
    assert f"The parent theme “{parents[pid]}” is now called “{new}”." in result.output
    result = CliRunner().invoke(app, ["theme", "rename", str(project), str(a), "Breve og døren"])
    assert result.exit_code == 0, result.output
    assert f"Theme {a} is now called “Breve og døren”." in result.output  # was "... called 'Breve og døren'."


def test_the_app_says_which_parent_a_merge_relabelled(project):
    """The theme page: after 'Ja, læg sammen' an info box names the parent's old and new label (a toast fades)."""
    from test_app_pages import open_app

    with Project(project) as p:
        parents, leaves, parent_of = _tree(p)
        pid, a, b = _pair_parent(parents, leaves, parent_of)
    at = open_app(project, "theme")
    at.session_state["theme_id"] = a
    at.run()
    at.multiselect(key=f"w_merge_{a}").set_value([b])
    at.button[[x.label for x in at.button].index("Læg sammen")].click().run()
    at.text_input(key=f"w_merge_label_{a}").input("Post og døren")
    at.button(key="w_merge_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(project) as p:
        new = _tree(p)[0][pid]
    assert new != parents[pid]
    info = [i.value for i in at.info]
    assert any(f"Det overordnede tema »{parents[pid]}« hedder nu »{new}«." in v.replace("\\", "") for v in info), info
    at.run()  # said once: the next click does not repeat it
    assert not any("Det overordnede tema" in i.value for i in at.info)


def test_a_parent_that_is_gone_or_new_is_said_too():
    changes = edits._changes({1: "Brev og plan", 2: "Hjælp"}, {1: "Brev og plan", 3: "Møde og telefon"})
    assert changes == [edits.ParentChange("Hjælp", None), edits.ParentChange(None, "Møde og telefon")]
    assert edits.notices(changes) == [
        "Det overordnede tema »Hjælp« findes ikke længere; temaerne under det står nu for sig selv.",
        "Nyt overordnet tema: »Møde og telefon«."]
    assert edits.notices(changes, "en")[0] == "The parent theme “Hjælp” is gone; the themes under it now stand on their own."
