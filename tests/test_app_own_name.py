"""A theme the researcher has named (session 18): the theme page told them to rename it when its words were
rare in the quotes ("navnet dækker kun en del af temaet ... omdøb temaet"), even right after they had typed that
name. Their name is their choice: the share stays as a plain line, and a model's weak label keeps its warning."""

from __future__ import annotations

from pathlib import Path

from test_app_pages import open_app

from focusgroup.store import Project

OWN = "Det vi talte om i foråret"  # words the survey's answers do not use


def _page(path: Path, theme_id: int) -> tuple[list[str], str]:
    at = open_app(path, "theme")
    at.session_state["theme_id"] = theme_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [w.value for w in at.warning], " ".join(c.value for c in at.caption).replace("\\", "")


def test_a_renamed_theme_gets_no_rename_warning_a_model_label_still_does(tmp_path: Path, transcripts_dir: Path) -> None:
    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.themes import analyze, edits
    from focusgroup.ui import data as data_mod

    path = tmp_path / "navn.fgproj"
    with Project(path) as p:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"):
            p.add_parsed(parsed)
        analyze(p, AnalysisConfig(embedder="tfidf"))
        themes = data_mod.load(p).themes.sort_values("size", ascending=False)
        assert not themes["own_label"].any()
        weak_model = themes[3 * themes["label_hits"] < themes["size"]]
        strong = themes[3 * themes["label_hits"] >= themes["size"]]
        assert len(weak_model) and len(strong), themes[["label", "label_hits", "size"]]
        renamed, other = int(strong.iloc[0]["theme_id"]), int(weak_model.iloc[0]["theme_id"])
        edits.rename(p, renamed, OWN)
        themes = data_mod.load(p).themes.set_index("theme_id")
    assert themes.loc[renamed, "label"] == OWN and themes.loc[renamed, "own_label"]
    assert 3 * themes.loc[renamed, "label_hits"] < themes.loc[renamed, "size"]  # the name is rare in its quotes
    assert not themes.loc[other, "own_label"]

    at = open_app(path, "overview")  # "Svagest etiket": the researcher's name last, its share still shown
    at.segmented_control(key="w_sort").set_value("sort_label_share").run()
    table = at.dataframe[0].value
    assert table["Tema"].iloc[-1] == OWN, table[["Tema", "Etiketten i"]].to_string()
    assert table["Etiketten i"].iloc[-1] < 100 / 3
    assert table["Etiketten i"].iloc[0] == table["Etiketten i"].iloc[:-1].min()

    warnings, captions = _page(path, renamed)
    assert not any("omdøb" in w for w in warnings), warnings
    assert "Etikettens ord står i" in captions  # the figure is still shown, as a plain line
    warnings, _ = _page(path, other)
    assert any("omdøb" in w for w in warnings), warnings  # a model's weak label is still flagged
