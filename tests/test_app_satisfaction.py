"""The Tilfredshed page through Streamlit's AppTest: ranked cells, a cell's quotes, and unticking a reply flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_pages import html_text, open_app

from focusgroup.store import Project
from focusgroup.store.findings import Reply, replies, save_replies
from focusgroup.ui import sample


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    return sample.build(tmp_path / "demo.fgproj", n_quotes=160)


def test_cells_rank_and_open_their_quotes(demo: Path) -> None:
    at = open_app(demo, "satisfaction")
    assert "Hvor er tilfredsheden lavest, og for hvem?" in html_text(at)
    picker = next(s for s in at.selectbox if s.label == "Vis citaterne i cellen")
    assert len(picker.options) >= 2 and picker.options[0].startswith("1. ")
    first = html_text(at)
    picker.set_value(1).run()
    assert not at.exception
    second = html_text(at)
    assert second != first and "citater i cellen, de mest negative først" in "\n".join(m.value for m in at.markdown)
    with Project(demo) as p:
        texts = {q.text for q in p.quotes()}
    shown = [t for t in texts if t and t in second]
    assert shown, "the chosen cell's quotes are on the page, word for word"


def test_reply_flag_can_be_unticked(demo: Path) -> None:
    with Project(demo) as p:
        quote = next(q for q in p.quotes() if q.column)
        save_replies(p, [Reply(quote.id, True, "beder om kontakt", 0.9)])
    at = open_app(demo, "satisfaction")
    box = next(c for c in at.checkbox if c.label == "Kræver svar")
    assert box.value is True
    box.uncheck().run()
    assert not at.exception
    with Project(demo) as p:
        flag = replies(p)[quote.id]
    assert not flag.needs_reply and flag.by == "researcher"
