"""The bundled sample study in transcripts/ is what the generator writes, and is as rich as the demo needs.

Checked with the raw libraries (python-docx, openpyxl, csv), independent of focusgroup.ingest.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

STEM = "brugerundersoegelse_2020_2021"
COLUMNS = [
    "Respondent",
    "Afsluttet",
    "Bølge",
    "Ydelse",
    "Aldersgruppe",
    "Køn",
    "Samlet tilfredshed",
    "Hvad fungerer godt?",
    "Hvad kan jobcentret gøre bedre?",
]
FREE_TEXT = COLUMNS[-2:]
YDELSER = {
    "dagpenge",
    "kontanthjælp",
    "sygedagpenge",
    "ressourceforløb",
    "jobafklaringsforløb",
    "uddannelseshjælp",
}
JUNK = {"ved ikke", "-", "nej", "nej tak", "ingen kommentarer", "."}

TXT_LINE = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] ([^:\]]+): (.+)$")
VTT_TIME = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")
VTT_VOICE = re.compile(r"^<v ([^>]+)>(.*)</v>$")
DOCX_LABEL = re.compile(r"^(Moderator|Deltager \d+): (.+)$")


def _seconds(h: str, m: str, s: str, ms: str = "0") -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def docx_turns(path: Path) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    for para in Document(str(path)).paragraphs:
        match = DOCX_LABEL.match(para.text)
        if match:
            turns.append((match.group(1), match.group(2)))
        elif turns and para.text.strip():  # a long turn continued in the next paragraph
            turns[-1] = (turns[-1][0], turns[-1][1] + " " + para.text)
    return turns


def txt_turns(path: Path) -> list[tuple[str, str, float]]:
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = TXT_LINE.match(line)
        if match:
            turns.append((match.group(4), match.group(5), _seconds(*match.group(1, 2, 3))))
    return turns


def vtt_cues(path: Path) -> list[tuple[str, str, float, float, str]]:
    """(cue id, speaker, start, end, text) for every cue."""
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for block in blocks[1:]:
        cue_id, timing, payload = block.split("\n")
        t, v = VTT_TIME.match(timing), VTT_VOICE.match(payload)
        assert t and v, block
        start, end = _seconds(*t.group(1, 2, 3, 4)), _seconds(*t.group(5, 6, 7, 8))
        cues.append((cue_id, v.group(1), start, end, v.group(2)))
    return cues


def vtt_turns(path: Path) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    for _, speaker, _, _, text in vtt_cues(path):
        if turns and turns[-1][0] == speaker:
            turns[-1] = (speaker, turns[-1][1] + " " + text)
        else:
            turns.append((speaker, text))
    return turns


TRANSCRIPTS = {
    "fokusgruppe_1_dagpenge.docx": (docx_turns, "Moderator"),
    "fokusgruppe_2_kontanthjaelp.txt": (lambda p: [t[:2] for t in txt_turns(p)], "Moderator (Lise)"),
    "fokusgruppe_3_sygedagpenge.vtt": (vtt_turns, "Anne Kjær"),
}


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_focus_group_has_conversation_shape(transcripts_dir: Path, name: str) -> None:
    reader, moderator = TRANSCRIPTS[name]
    turns = reader(transcripts_dir / name)
    speakers = Counter(speaker for speaker, _ in turns)
    participants = {s: n for s, n in speakers.items() if s != moderator}
    assert len(turns) >= 60
    assert speakers[moderator] >= 15 and turns[0][0] == moderator
    assert 4 <= len(participants) <= 8
    assert min(participants.values()) >= 5  # everyone takes part, not one monologue
    assert all(a[0] != b[0] for a, b in pairwise(turns))  # turns alternate speakers
    lengths = [len(text.split()) for _, text in turns]
    assert sum(n <= 3 for n in lengths) >= 5  # backchannel: "Mm.", "Ja.", "Præcis."
    assert sum(n >= 40 for n in lengths) >= 5  # long turns of several sentences
    text = " ".join(t for _, t in turns).lower()
    assert all(f in text for f in ("øh", "altså", "ikke også", "jo"))
    assert sum(text.count(c) for c in "æøå") > 100  # Danish letters survived


def test_docx_has_title_and_date(transcripts_dir: Path) -> None:
    paras = [p for p in Document(str(transcripts_dir / "fokusgruppe_1_dagpenge.docx")).paragraphs if p.text]
    assert paras[0].style.name == "Heading 1" and "Fokusgruppe" in paras[0].text
    assert paras[1].text.startswith("Dato: ")
    labelled = [p for p in paras if DOCX_LABEL.match(p.text)]
    assert all(p.runs[0].bold and p.runs[0].text.endswith(":") for p in labelled)


def test_txt_timestamps_increase(transcripts_dir: Path) -> None:
    raw = (transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt").read_bytes()
    assert b"\r" not in raw and raw.decode("utf-8")
    times = [t for _, _, t in txt_turns(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt")]
    assert times == sorted(times) and len(set(times)) == len(times)


def test_vtt_is_teams_like(transcripts_dir: Path) -> None:
    cues = vtt_cues(transcripts_dir / "fokusgruppe_3_sygedagpenge.vtt")
    turns = vtt_turns(transcripts_dir / "fokusgruppe_3_sygedagpenge.vtt")
    assert all(re.fullmatch(r"[0-9a-f-]{36}/\d+-\d+", c[0]) for c in cues)
    assert len({c[0] for c in cues}) == len(cues)
    assert all(end > start for _, _, start, end, _ in cues)
    assert all(a[3] <= b[2] for a, b in pairwise(cues))  # no cue starts before the previous ends
    assert len(cues) >= 2 * len(turns)
    cues_per_turn = Counter(c[0].split("/")[0] for c in cues).values()
    assert max(cues_per_turn) == 5 and sum(n >= 2 for n in cues_per_turn) >= 30


def _csv_rows(transcripts_dir: Path) -> list[list[str]]:
    raw = (transcripts_dir / f"{STEM}.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really cp1252, as Danish Excel writes it
    text = raw.decode("cp1252")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_is_surveyxact_like(transcripts_dir: Path) -> None:
    raw = (transcripts_dir / f"{STEM}.csv").read_bytes()
    rows = _csv_rows(transcripts_dir)
    assert rows[0] == COLUMNS
    data = rows[1:]
    assert len(data) >= 450 and all(len(r) == len(COLUMNS) for r in data)
    # every record ends in CRLF; bare LF only occurs inside quoted cells
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == len(rows)
    answers = [r[c] for r in data for c in (7, 8)]
    assert sum("\n" in a for a in answers) >= 5
    assert sum(";" in a for a in answers) >= 5
    assert sum('"' in a for a in answers) >= 3
    assert {r[3] for r in data} == YDELSER
    assert {r[2] for r in data} == {"2020", "2021"}
    assert {r[4] for r in data} == {"18-29", "30-39", "40-49", "50-59", "60+"}
    assert {int(r[6]) for r in data} == {1, 2, 3, 4, 5}
    assert len({r[0] for r in data}) == len(data)


def test_survey_answers_are_messy_and_varied(transcripts_dir: Path) -> None:
    data = _csv_rows(transcripts_dir)[1:]
    normalized = {r[col].strip().lower() for r in data for col in (7, 8)}
    assert normalized >= JUNK
    for col in (7, 8):
        answers = [r[col] for r in data]
        assert 0.2 <= sum(a == "" for a in answers) / len(answers) <= 0.5
        filled = [a for a in answers if a]
        assert sum(a.strip().lower().rstrip(".") in JUNK | {""} for a in filled) >= 15
        assert len(set(filled)) >= 0.75 * len(filled)  # not templated
        assert sum(len(a.split()) >= 30 for a in filled) >= 5
        assert sum(a[0].islower() for a in filled) >= 20


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def test_survey_has_findings(transcripts_dir: Path) -> None:
    data = _csv_rows(transcripts_dir)[1:]
    by = lambda col, val: [int(r[6]) for r in data if r[col] == val]  # noqa: E731
    assert _mean(by(3, "kontanthjælp")) + 0.6 < _mean(by(3, "dagpenge"))
    assert _mean(by(2, "2020")) + 0.15 < _mean(by(2, "2021"))

    def letters(ages: set[str]) -> float:
        rows = [r for r in data if r[4] in ages]
        return sum("brev" in r[8].lower() for r in rows) / len(rows)

    assert letters({"50-59", "60+"}) > 2 * letters({"18-29"})


THEME_WORDS = {
    "sagsbehandler": "sagsbehandler",
    "skift": "forskellige sagsbehandlere|ny sagsbehandler|skift",
    "telefon": "telefon|ringe",
    "jobklub": "jobklub",
    "digitale møder": "video|teams|skype|telefonmøde|corona",
    "breve": "brev",
    "jobplan": "jobplan|handleplan|plan",
    "hørt": "hørt|respekt|lytte",
    "kurser": "kursus|kurser",
    "praktik": "praktik",
    "ventetid": "vente",
    "transport": "transport|bus",
}


def test_all_themes_occur_everywhere(transcripts_dir: Path) -> None:
    data = _csv_rows(transcripts_dir)[1:]
    survey = " ".join(r[7] + " " + r[8] for r in data).lower()
    groups = [
        " ".join(t for _, t in reader(transcripts_dir / n)).lower() for n, (reader, _) in TRANSCRIPTS.items()
    ]
    for theme, pattern in THEME_WORDS.items():
        assert len(re.findall(pattern, survey)) >= 10, theme
        assert sum(bool(re.search(pattern, g)) for g in groups) >= 2, theme


def test_personal_data_to_pseudonymise(transcripts_dir: Path) -> None:
    data = _csv_rows(transcripts_dir)[1:]
    survey = "\n".join(r[7] + "\n" + r[8] for r in data)
    docx = "\n".join(t for _, t in docx_turns(transcripts_dir / "fokusgruppe_1_dagpenge.docx"))
    txt = (transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt").read_text(encoding="utf-8")
    vtt = (transcripts_dir / "fokusgruppe_3_sygedagpenge.vtt").read_text(encoding="utf-8")
    everything = "\n".join((survey, docx, txt, vtt))
    assert "Lone Hansen" in survey and "Lone Hansen" in docx and "Lone Hansen" in txt
    assert re.search(r"\b\d{6}-\d{4}\b", survey)  # CPR-like
    assert len(re.findall(r"\b\d\d \d\d \d\d \d\d\b", everything)) >= 3  # phone numbers
    assert len(re.findall(r"[\w.]+@[\w-]+\.\w+", everything)) >= 4  # e-mail addresses
    assert "Vestergade 12" in survey and "Birkevej 7" in vtt


def _xlsx_rows(path: Path) -> list[list[str]]:
    wb = load_workbook(path, read_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in wb.active.iter_rows(values_only=True)]
    wb.close()
    return rows


def test_xlsx_holds_the_same_data_as_csv(transcripts_dir: Path) -> None:
    assert _xlsx_rows(transcripts_dir / f"{STEM}.xlsx") == _csv_rows(transcripts_dir)


def test_generator_is_deterministic(repo_root: Path, transcripts_dir: Path, tmp_path: Path) -> None:
    """Rerunning the generator reproduces the committed files (text byte for byte, documents by content)."""
    script = repo_root / "scripts" / "make_sample_data.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    committed = sorted(
        p.name for p in transcripts_dir.iterdir() if p.suffix in {".txt", ".vtt", ".csv", ".docx", ".xlsx"}
    )
    assert committed == sorted(p.name for p in tmp_path.iterdir())
    for name in committed:
        if name.endswith((".txt", ".vtt", ".csv")):
            assert (tmp_path / name).read_bytes() == (transcripts_dir / name).read_bytes(), name
    assert docx_turns(tmp_path / "fokusgruppe_1_dagpenge.docx") == docx_turns(
        transcripts_dir / "fokusgruppe_1_dagpenge.docx"
    )
    assert _xlsx_rows(tmp_path / f"{STEM}.xlsx") == _xlsx_rows(transcripts_dir / f"{STEM}.xlsx")


def test_answer_banks_are_large_and_clean(repo_root: Path) -> None:
    """The survey is composed from hand-written banks: 15+ variants per theme and polarity, cp1252-safe."""
    sys.path.insert(0, str(repo_root / "scripts"))
    try:
        from sample_data.banks_core import CORE_BANKS
        from sample_data.banks_other import OTHER_BANKS
        from sample_data.survey import TAGS, split_tags
    finally:
        sys.path.pop(0)
    banks = {**CORE_BANKS, **OTHER_BANKS}
    assert len(banks) >= 12
    for theme, bank in banks.items():
        assert len(bank["pos"]) >= 15 and len(bank["neg"]) >= 15, theme
        assert len(bank["forslag"]) >= 6, theme
        fragments = [f for kind in bank.values() for f in kind]
        assert len(set(fragments)) == len(fragments), theme  # no copy-paste duplicates
        for fragment in fragments:
            tags, text = split_tags(fragment)
            assert set(tags) <= set(TAGS) and text.strip() == text and text, fragment
            assert text.count("{") == text.count("}") and not text.endswith("."), fragment
            text.encode("cp1252")
