"""Ingestion of the bundled sample study in transcripts/ (see transcripts/README.md for its layouts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ingest_helpers import check_offsets

from focusgroup.ingest import propose_text_columns, read_file
from focusgroup.records import MODERATOR, PARTICIPANT, RESPONDENT, SURVEY, ParsedSource

FREE_TEXT = ["Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"]
_CACHE: dict[tuple[str, str], ParsedSource] = {}


@pytest.fixture(scope="module")
def sample(transcripts_dir: Path):
    def load(name: str, **kwargs: object) -> ParsedSource:
        key = (name, repr(sorted(kwargs.items())))
        if key not in _CACHE:
            path = transcripts_dir / name
            if not path.exists():
                pytest.skip(f"sample file {name} not present")
            [parsed] = read_file(path, **kwargs)
            check_offsets(parsed)
            _CACHE[key] = parsed
        return _CACHE[key]

    return load


def turns(parsed: ParsedSource) -> list[tuple[str, str]]:
    """(speaker, whole turn text) per turn, passages joined back."""
    out: dict[int, tuple[str, str]] = {}
    for q in parsed.quotes:
        speaker, text = out.get(q.turn, (q.speaker, ""))
        out[q.turn] = (speaker, (text + " " + q.text).strip())
    return [out[i] for i in sorted(out)]


def test_docx_moderator_and_deltager_labels(sample) -> None:
    parsed = sample("fokusgruppe_1_dagpenge.docx")
    assert [(s.name, s.role) for s in parsed.speakers] == [("Moderator", MODERATOR)] + [
        (f"Deltager {i}", PARTICIPANT) for i in range(1, 7)
    ]
    import docx

    paragraphs = docx.Document(str(Path(parsed.source.metadata["path"]))).paragraphs
    labelled = [p.text for p in paragraphs if re.match(r"(Moderator|Deltager \d): ", p.text)]
    assert len(labelled) >= 60
    assert len(turns(parsed)) == len(labelled)
    assert parsed.quotes[0].text.startswith("Ja, men velkommen allesammen")
    assert not any(re.search(r"(Moderator|Deltager \d):", q.text) for q in parsed.quotes)
    # The title and date lines are not quotes; the unlabelled continuation paragraph is in its turn.
    assert not any(q.text.startswith(("Fokusgruppe 1", "Dato:")) for q in parsed.quotes)
    assert any("\n" in text for _, text in turns(parsed))
    assert "Lone Hansen" in parsed.source.text


def test_txt_timestamped_labels(sample) -> None:
    parsed = sample("fokusgruppe_2_kontanthjaelp.txt")
    roles = {s.name: s.role for s in parsed.speakers}
    assert roles == {
        "Moderator (Lise)": MODERATOR,
        **{n: PARTICIPANT for n in ["Kim", "Sanne", "Ahmed", "Jonas", "Bente"]},
    }
    raw = Path(parsed.source.metadata["path"]).read_text(encoding="utf-8")
    assert len(turns(parsed)) == len(re.findall(r"^\[\d\d:\d\d:\d\d\] [^:\n]+: ", raw, re.M)) >= 60
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", q.timestamp or "") for q in parsed.quotes)
    first = parsed.quotes[0]
    assert (first.timestamp, first.speaker) == ("00:00:07", "Moderator (Lise)")
    stamps = [q.timestamp for q in parsed.quotes]
    assert stamps == sorted(stamps)
    assert any("(griner)" in q.text for q in parsed.quotes)  # transcriber notes stay in the speech


def test_teams_vtt_cues_merged_into_turns(sample) -> None:
    parsed = sample("fokusgruppe_3_sygedagpenge.vtt")
    raw = Path(parsed.source.metadata["path"]).read_text(encoding="utf-8")
    voices = re.findall(r"^<v ([^>]+)>", raw, re.M)
    assert parsed.source.metadata["cues"] == len(voices)
    expected_turns = 1 + sum(a != b for a, b in zip(voices, voices[1:], strict=False))
    assert len(turns(parsed)) == expected_turns >= 60
    assert expected_turns < len(voices)  # Teams split turns over several cues
    roles = {s.name: s.role for s in parsed.speakers}
    assert roles["Anne Kjær"] == MODERATOR  # the one who asks the questions
    assert sum(r == MODERATOR for r in roles.values()) == 1
    assert len(roles) == 6
    speakers = [speaker for speaker, _ in turns(parsed)]
    assert all(a != b for a, b in zip(speakers, speakers[1:], strict=False))  # merged by consecutive speaker
    assert "<v " not in parsed.source.text and "-->" not in parsed.source.text
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", q.timestamp or "") for q in parsed.quotes)


def test_survey_csv_and_xlsx_agree(sample) -> None:
    csv = sample("brugerundersoegelse_2020_2021.csv")
    xlsx = sample("brugerundersoegelse_2020_2021.xlsx")
    assert csv.source.encoding == "cp1252" and csv.source.metadata["delimiter"] == ";"
    assert csv.source.kind == SURVEY
    import csv as csvlib

    with open(csv.source.metadata["path"], encoding="cp1252", newline="") as fh:
        rows = list(csvlib.DictReader(fh, delimiter=";"))
    assert len(rows) >= 400
    assert len(csv.speakers) == len(rows) and all(s.role == RESPONDENT for s in csv.speakers)
    assert [s.name for s in csv.speakers] == [f"Respondent {r['Respondent']}" for r in rows]
    assert len({q.turn for q in csv.quotes}) == len(rows)
    by_row = {(q.turn, q.column): q.text for q in csv.quotes}
    assert all(by_row[(i, col)] == r[col].strip() for i, r in enumerate(rows) for col in FREE_TEXT)
    assert {q.column for q in csv.quotes} == set(FREE_TEXT)
    assert csv.source.text == xlsx.source.text
    assert [(q.text, q.metadata, q.turn, q.informative) for q in csv.quotes] == [
        (q.text, q.metadata, q.turn, q.informative) for q in xlsx.quotes
    ]
    meta = csv.quotes[0].metadata
    assert set(meta) == {"Respondent", "Afsluttet", "Bølge", "Ydelse", "Aldersgruppe", "Køn", "Samlet tilfredshed"}
    assert {q.metadata["Ydelse"] for q in csv.quotes} >= {"dagpenge", "kontanthjælp", "sygedagpenge", "ressourceforløb"}
    assert any("æ" in q.text or "ø" in q.text or "å" in q.text for q in csv.quotes)


def test_survey_junk_and_blank_answers_flagged(sample) -> None:
    parsed = sample("brugerundersoegelse_2020_2021.csv")
    junk = {"", "-", "--", ".", "..", "nej", "nej tak", "ved ikke", "ingen kommentarer", "intet", "n/a", "x"}
    for q in parsed.quotes:
        if q.text.lower().rstrip(".!") in junk:
            assert not q.informative, q.text
    informative = [q for q in parsed.quotes if q.informative]
    assert 500 < len(informative) < 800
    assert all(len(q.text) >= 2 for q in informative)


def test_survey_columns_proposed_and_named(sample, transcripts_dir: Path) -> None:
    path = transcripts_dir / "brugerundersoegelse_2020_2021.xlsx"
    if not path.exists():
        pytest.skip("sample survey not present")
    assert propose_text_columns(path) == FREE_TEXT
    parsed = sample("brugerundersoegelse_2020_2021.xlsx", text_columns=["hvad kan jobcentret gøre bedre?"], id_column="Respondent")
    assert {q.column for q in parsed.quotes} == {"Hvad kan jobcentret gøre bedre?"}
    assert "Hvad fungerer godt?" in parsed.quotes[0].metadata
    assert len(parsed.quotes) == len(parsed.speakers) >= 400


def test_moderator_found_by_questions_when_only_first_names(transcripts_dir: Path, tmp_path: Path) -> None:
    source = transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"
    if not source.exists():
        pytest.skip("sample transcript not present")
    relabelled = tmp_path / "fg2.txt"
    relabelled.write_text(source.read_text(encoding="utf-8").replace("Moderator (Lise)", "Lise"), encoding="utf-8")
    [parsed] = read_file(relabelled)
    check_offsets(parsed)
    roles = {s.name: s.role for s in parsed.speakers}
    assert roles.pop("Lise") == MODERATOR
    assert set(roles.values()) == {PARTICIPANT}
    [again] = read_file(relabelled, roles={"Lise": "participant", "Kim": "moderator"})
    assert {s.name: s.role for s in again.speakers}["Kim"] == MODERATOR
    assert {q.role for q in again.quotes if q.speaker == "Lise"} == {PARTICIPANT}
