"""The theme page of a codebook run (session 18): the theme is the researcher's code, so the page shows the
code's description and never tells them to rename their own code because its words are rare in the quotes
(it did: "navnet dækker kun en del af temaet ... omdøb temaet")."""

from __future__ import annotations

from pathlib import Path

from test_app_pages import open_app

from focusgroup.store import Project


def test_a_codes_theme_page_shows_its_description_and_no_rename_warning(tmp_path: Path, transcripts_dir: Path) -> None:
    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.themes import analyze
    from focusgroup.ui import data as data_mod

    book = transcripts_dir.parent / "tests" / "data" / "codebook_jobcenter.csv"
    path = tmp_path / "kode.fgproj"
    with Project(path) as p:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"):
            p.add_parsed(parsed)
        analyze(p, AnalysisConfig(embedder="tfidf", codebook=str(book)))
        themes = data_mod.load(p).themes
    weak = themes[(3 * themes["label_hits"] < themes["size"]) & (themes["description"].str.len() > 0)]
    assert len(weak), themes[["label", "label_hits", "size"]]  # a code whose words are rare in its quotes
    row = weak.iloc[0]
    at = open_app(path, "theme")
    at.session_state["theme_id"] = int(row["theme_id"])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert f"Kode fra kodebogen: {row['description']}" in captions
    assert not any("omdøb" in w.value for w in at.warning), [w.value for w in at.warning]
    assert "Etikettens ord står i" in captions  # the figure is still there, as a plain line
