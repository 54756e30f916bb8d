"""The app shows user text literally (no markdown from file names, queries, theme names or memos) and
keeps the project folder box inside the folder it was started with."""

from __future__ import annotations

from pathlib import Path

from test_app_pages import APP, open_app  # noqa: F401  (APP: the same app file)

from focusgroup.ui import sample
from focusgroup.ui.style import md

HOSTILE = "**fed** [klik](http://example.com)"


def test_search_query_is_shown_literally(tmp_path: Path) -> None:
    demo = sample.build(tmp_path / "demo.fgproj", n_quotes=160)
    at = open_app(demo, "search")
    at.text_input(key="w_search").input(HOSTILE).run()
    assert not at.exception, [e.value for e in at.exception]
    body = at.info[0].value
    assert md(HOSTILE) in body and "**fed**" not in body  # rendered as the characters typed


def test_memo_and_rename_confirmation_are_shown_literally(tmp_path: Path) -> None:
    demo = sample.build(tmp_path / "demo.fgproj", n_quotes=160)
    at = open_app(demo, "theme")
    theme_id = at.session_state["theme_id"]
    # the boxes' keys carry a version of the theme (they show it as it is after a merge or undo)
    next(a for a in at.text_area if (a.key or "").startswith(f"w_memo_{theme_id}")).input(HOSTILE)
    at.button[[b.label for b in at.button].index("Gem navn og memo")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value == md(HOSTILE) for i in at.info)
    next(i for i in at.text_input if (i.key or "").startswith(f"w_label_{theme_id}")).input(HOSTILE)
    at.button[[b.label for b in at.button].index("Gem navn og memo")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(md(HOSTILE) in t.value for t in at.toast)


def test_project_folder_box_stays_inside_the_start_folder(tmp_path: Path) -> None:
    inside, outside = tmp_path / "studier", tmp_path / "andre"
    inside.mkdir()
    outside.mkdir()
    sample.build(inside / "vores.fgproj", n_quotes=40)
    sample.build(outside / "hemmelig.fgproj", n_quotes=40)
    at = open_app(None, folder=inside)
    at.text_input(key="projects_folder").input("../andre").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "andre" in at.error[0].value
    keys = [b.key or "" for b in at.button]
    assert "delete_vores.fgproj" in keys and not any("hemmelig" in k for k in keys)
    assert (outside / "hemmelig.fgproj").exists()
    at.text_input(key="projects_folder").input(str(inside)).run()  # the start folder itself is fine
    assert not at.error
