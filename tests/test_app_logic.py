"""The app's logic without a browser: quote/theme tables, safe highlighting, uploads, project files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from focusgroup.records import MODERATOR
from focusgroup.store import Project
from focusgroup.ui import actions, data, highlight, sample, style


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    return sample.build(tmp_path / "demo.fgproj", n_quotes=200)


def test_quote_table_joins_theme_sentiment_and_metadata(demo: Path) -> None:
    with Project(demo) as p:
        d = data.load(p)
        assignments, sentiments, quotes = p.assignments(), p.sentiments(), p.quotes()
    assert len(d.quotes) == len(quotes)
    row = d.quotes.set_index("quote_id")
    for q in quotes:
        a = assignments.get(q.id)
        assert (pd_none(row.at[q.id, "theme_id"]) if a is None or a.theme_id is None
                else row.at[q.id, "theme_id"] == a.theme_id)
        assert row.at[q.id, "sentiment"] == sentiments[q.id].label
        assert row.at[q.id, "text"] == q.text
    assert {"Ydelse", "Bølge"} <= set(d.meta_fields)
    assert data.wave_field(d) == "Bølge"
    assert data.default_group_field(d) == "Ydelse"


def pd_none(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_theme_table_counts_match_assignments(demo: Path) -> None:
    with Project(demo) as p:
        d = data.load(p)
        assignments = p.assignments()
    for theme in d.themes.itertuples():
        members = [a.quote_id for a in assignments.values() if a.theme_id == theme.theme_id]
        assert theme.size == len(members)
        shares = theme.negativ + theme.neutral + theme.positiv
        assert shares == pytest.approx(1.0)
    # participants (stats.counts): non-moderator speakers per source with an informative quote
    people = d.quotes[(d.quotes["role"] != MODERATOR) & d.quotes["informative"]]
    assert data.participants(d.quotes) == d.n_participants == people[["source_id", "speaker"]].drop_duplicates().shape[0]
    assert d.counts.themes == len(d.themes)


def test_context_stays_in_its_own_transcript(demo: Path) -> None:
    with Project(demo) as p:
        d = data.load(p)
    transcript = d.quotes[d.quotes["kind"] == "transcript"]
    first_of_second = transcript[transcript["source_id"] == transcript["source_id"].max()].iloc[0]
    before, after = data.context(d, int(first_of_second["pos"]))
    assert before == []  # the previous row belongs to another source
    assert len(after) == 1 and after[0]["turn"] == first_of_second["turn"] + 1
    middle = transcript.iloc[5]
    before, after = data.context(d, int(middle["pos"]))
    assert [r["turn"] for r in before] == [middle["turn"] - 2, middle["turn"] - 1]
    survey_row = d.quotes[d.quotes["kind"] == "survey"].iloc[3]
    assert data.context(d, int(survey_row["pos"])) == ([], [])


def test_filters_and_group_shares(demo: Path) -> None:
    with Project(demo) as p:
        d = data.load(p)
    theme_id = int(d.themes.iloc[0]["theme_id"])
    quotes = data.theme_quotes(d, theme_id)
    only_neg = data.Filters(sentiments=["negativ"], group_field="Ydelse", groups=["dagpenge"]).apply(quotes)
    assert len(only_neg) > 0
    assert set(only_neg["sentiment"]) == {"negativ"} and set(only_neg["Ydelse"]) == {"dagpenge"}
    shares = data.group_shares(d, "Ydelse")
    assert list(shares.sum(axis=0).round(6).unique()) == [1.0]  # each group's quotes sum to 100 %


def test_highlight_escapes_everything_and_marks_inflections() -> None:
    text = 'Sagsbehandlerne <script>alert("x")</script> & min sagsbehandler'
    out = highlight.highlight(text, ["sagsbehandler"])
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert out.count("<mark>") == 2
    assert "<mark>Sagsbehandlerne</mark>" in out
    # a short lemma matches its inflections but not unrelated longer words
    out = highlight.highlight("gode og godt, men godkendt", ["god"])
    assert re.findall(r"<mark>(\w+)</mark>", out) == ["gode", "godt"]
    # a keyword containing markup or regex characters is matched literally and escaped
    assert highlight.highlight("a <b> (c)", ["<b>", "(c"]).count("<mark>") == 2


def test_quote_card_escapes_speaker_meta_and_context() -> None:
    row = {"speaker": "<img src=x onerror=alert(1)>", "text": "tekst <i>", "sentiment": "negativ", "key": True}
    ctx = [{"speaker": "<b>x</b>", "timestamp": "00:01", "text": "<script>"}]
    card = style.quote_card(row, [], ["<source>.docx"], "negativ", ctx, ctx)
    assert "<img" not in card and "<script>" not in card and "<i>" not in card and "<source>" not in card
    assert "&lt;img src=x onerror=alert(1)&gt;" in card


def test_markdown_escaping_makes_file_names_literal() -> None:
    name = "[klik](javascript:alert(1)) **fed** _x_ :red[y] $z$.docx"
    escaped = style.md(name)
    assert "](" not in escaped and "**" not in escaped and ":red[" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == name  # nothing lost: unescaping gives the name back


def test_kwic_cuts_at_word_boundaries() -> None:
    text = "ord " * 40 + "sagsbehandleren" + " mere" * 40
    left, hit, right = highlight.kwic(text, [(160, 175)], width=30)
    assert hit == "sagsbehandleren" and left.startswith("… ") and right.endswith(" …")


def test_uploads_never_use_the_uploaded_name_as_a_path(tmp_path: Path) -> None:
    evil = "../../etc/passwd.txt"
    saved = actions.save_upload(tmp_path, evil, b"Moderator: Hej\nDeltager 1: Hej med dig\n")
    assert saved.parent == tmp_path and saved.name.startswith("upload-") and saved.suffix == ".txt"
    assert actions.save_upload(tmp_path, "x.t/x?", b"x").suffix == ".bin"


def test_project_names_cannot_escape_the_folder(tmp_path: Path) -> None:
    for bad in ("../ude", "a/b", "", ".skjult", "x" * 100):
        with pytest.raises(ValueError):
            actions.create_project(tmp_path, bad)
    path = actions.create_project(tmp_path, "Brugerundersøgelse 2024")
    assert path == tmp_path / "Brugerundersøgelse 2024.fgproj" and path.exists()
    with pytest.raises(FileExistsError):
        actions.create_project(tmp_path, "Brugerundersøgelse 2024")
    assert actions.list_projects(tmp_path) == [path]
    actions.delete_project(path)
    assert actions.list_projects(tmp_path) == []


def test_upload_is_imported_under_its_original_name(tmp_path: Path, transcripts_dir: Path) -> None:
    source = transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"
    if not source.exists():
        pytest.skip("sample transcript not generated")
    saved = actions.save_upload(tmp_path, "Fokusgruppe 2 (kontanthjælp).txt", source.read_bytes())
    upload = actions.inspect_upload(actions.Upload("Fokusgruppe 2 (kontanthjælp).txt", saved))
    assert not upload.error and upload.kind == "transcript"
    assert len(upload.speakers) >= 5 and upload.moderators
    with Project(tmp_path / "p.fgproj") as p:
        ids, errors = actions.import_upload(p, upload, moderators=upload.moderators)
        assert not errors and len(ids) == 1
        src = p.source(ids[0])
        assert src.name == "Fokusgruppe 2 (kontanthjælp).txt" and "path" not in src.metadata
        roles = {s.name: s.role for s in p.speakers(ids[0])}
        assert {n for n, r in roles.items() if r == MODERATOR} == set(upload.moderators)


def test_bad_upload_is_reported_in_plain_danish(tmp_path: Path) -> None:
    saved = actions.save_upload(tmp_path, "tom.docx", b"PK\x03\x04 not really a docx")
    upload = actions.inspect_upload(actions.Upload("tom.docx", saved), "da")
    assert upload.error and upload.parsed is None
    assert "upload-" not in upload.error  # the generated name never reaches the researcher


@pytest.mark.slow
def test_quote_map_places_similar_quotes_together(demo: Path) -> None:
    """UMAP on the quotes' vectors: quotes of one sample theme lie closer to each other than to others."""
    import numpy as np

    from focusgroup.ui import layout

    with Project(demo) as p:
        d = data.load(p)
        q = d.quotes[d.quotes["theme_id"].notna()]
        xy = layout.positions(p, list(q["text"]), "tfidf")
    assert xy.shape == (len(q), 2) and np.isfinite(xy).all()
    labels = q["theme_id"].to_numpy()
    dist = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    same = labels[:, None] == labels[None]
    assert dist[same].mean() < dist[~same].mean()
