"""Speaker-turn detection, roles, passages and junk flags on hand-made transcripts (and a big file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import check_offsets

from focusgroup.ingest import read_file
from focusgroup.ingest.informative import is_informative_answer
from focusgroup.ingest.passages import sentence_spans, split_span
from focusgroup.records import MODERATOR, PARTICIPANT, ParsedSource


def parse_text(tmp_path: Path, text: str, name: str = "fg.txt", **kwargs: object) -> ParsedSource:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [parsed] = read_file(path, **kwargs)
    check_offsets(parsed)
    return parsed


def summary(parsed: ParsedSource) -> list[tuple[str, str | None, str]]:
    return [(q.speaker, q.timestamp, q.text) for q in parsed.quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[00:12:31] Mette: Jeg ringede tre gange.\n[00:12:40] Ole: Det gjorde jeg også.\n",
            [("Mette", "00:12:31", "Jeg ringede tre gange."), ("Ole", "00:12:40", "Det gjorde jeg også.")],
        ),
        (
            "(0:01:02) Moderator: Velkommen.\n(0:01:09) - Deltager 2: Tak.\n",
            [("Moderator", "0:01:02", "Velkommen."), ("Deltager 2", "0:01:09", "Tak.")],
        ),
        (
            "Mette [00:12:31]: Jeg ringede.\nOle (00:12:40): Også mig.\n",
            [("Mette", "00:12:31", "Jeg ringede."), ("Ole", "00:12:40", "Også mig.")],
        ),
        (
            "Speaker 1  00:01:23\nHvordan var det?\n\nSpeaker 2  00:01:30\nDet var svært\nat komme igennem.\n",
            [("Speaker 1", "00:01:23", "Hvordan var det?"), ("Speaker 2", "00:01:30", "Det var svært\nat komme igennem.")],
        ),
        (
            "[id1] Jeg kan lide kurset.\n\n[id2] Det kan jeg ikke.\n\n[id1] Hvorfor ikke?\n",
            [("id1", None, "Jeg kan lide kurset."), ("id2", None, "Det kan jeg ikke."), ("id1", None, "Hvorfor ikke?")],
        ),
        (
            "Dan:\n\tOkay. So what do you use?\nParticipant:\n\tPDP plots.\nDan:\nGot it.\n",
            [("Dan", None, "Okay. So what do you use?"), ("Participant", None, "PDP plots."), ("Dan", None, "Got it.")],
        ),
        (
            "# Interview\n\n**Interviewer:** Hvordan gik det?\n\n**Informant**: Det gik fint.\n",
            [("Interviewer", None, "Hvordan gik det?"), ("Informant", None, "Det gik fint.")],
        ),
        (
            "MODERATOR: Hvordan gik det?\nDELTAGER 1: Fint nok.\n",
            [("MODERATOR", None, "Hvordan gik det?"), ("DELTAGER 1", None, "Fint nok.")],
        ),
    ],
)
def test_label_layouts(tmp_path: Path, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert summary(parse_text(tmp_path, text)) == expected


def test_short_labels_and_roles(tmp_path: Path) -> None:
    parsed = parse_text(tmp_path, "I: Hvordan gik det?\nD1: Fint.\nI: Og dig?\nD2: Ikke så godt, desværre.\n")
    assert [(s.name, s.role) for s in parsed.speakers] == [("I", MODERATOR), ("D1", PARTICIPANT), ("D2", PARTICIPANT)]
    parsed = parse_text(tmp_path, "Interviewer: Hvad tænker du?\nInterviewee: At det var godt.\n")
    assert [(s.name, s.role) for s in parsed.speakers] == [("Interviewer", MODERATOR), ("Interviewee", PARTICIPANT)]


def test_role_note_in_label(tmp_path: Path) -> None:
    text = "Anne (moderator): Hvad synes I?\nBo: Godt.\nAnne (moderator): Og Carl?\nCarl: Skidt.\n"
    parsed = parse_text(tmp_path, text)
    assert [(s.name, s.role) for s in parsed.speakers] == [("Anne", MODERATOR), ("Bo", PARTICIPANT), ("Carl", PARTICIPANT)]


def test_interviewer_found_by_questions(tmp_path: Path) -> None:
    lines = []
    for i in range(4):
        lines += [f"Karen: Hvad tænker du om punkt {i}?", f"Søren: Det er fint, punkt {i} virker.", f"Lis: Jeg er enig i punkt {i}."]
    parsed = parse_text(tmp_path, "\n".join(lines))
    assert {s.name: s.role for s in parsed.speakers} == {"Karen": MODERATOR, "Søren": PARTICIPANT, "Lis": PARTICIPANT}
    parsed = parse_text(tmp_path, "\n".join(lines), roles={"karen": "deltager", "Lis": "moderator"})
    assert {s.name: s.role for s in parsed.speakers} == {"Karen": PARTICIPANT, "Søren": PARTICIPANT, "Lis": MODERATOR}


def test_label_inside_a_sentence_is_not_a_turn(tmp_path: Path) -> None:
    text = (
        "Moderator: Hvad sagde hun så?\n"
        "Deltager 1: Hun sagde til mig: Deltager 2: du må vente. Og så sagde hun: Moderator: nej.\n"
        "Det er jo sådan: man venter.\n"
        "Og så ringede min sagsbehandler\n"
        "Mette: hun sagde, at jeg skulle vente.\n"
        "Deltager 2: Det kender jeg godt.\n"
    )
    parsed = parse_text(tmp_path, text)
    assert [q.speaker for q in parsed.quotes] == ["Moderator", "Deltager 1", "Deltager 2"]
    said = parsed.quotes[1].text
    assert said.startswith("Hun sagde til mig: Deltager 2: du må vente.")
    assert "Det er jo sådan: man venter." in said
    assert said.endswith("Mette: hun sagde, at jeg skulle vente.")  # a wrapped line, not a new speaker


def test_one_time_speaker_in_known_layout(tmp_path: Path) -> None:
    text = "Moderator: Hvem starter?\nKim: Det kan jeg.\nModerator: Tak. Andre?\nBente: Jeg var der også.\nModerator: Godt.\n"
    parsed = parse_text(tmp_path, text)
    assert [q.speaker for q in parsed.quotes] == ["Moderator", "Kim", "Moderator", "Bente", "Moderator"]


def test_empty_turns_are_dropped_and_turns_stay_contiguous(tmp_path: Path) -> None:
    text = "Moderator:\n\nDeltager 1: Ja, det var godt nok.\nModerator:   \nDeltager 2:\nDeltager 1: Mhm.\n"
    parsed = parse_text(tmp_path, text)
    assert [(q.speaker, q.turn, q.text) for q in parsed.quotes] == [
        ("Deltager 1", 0, "Ja, det var godt nok."),
        ("Deltager 1", 1, "Mhm."),
    ]
    assert parsed.quotes[1].informative is False


def test_long_turn_split_into_passages(tmp_path: Path) -> None:
    sentences = [
        f"Vi mødtes f.eks. kl. 8.30 hos sagsbehandleren nr. {i}, og det var bl.a. for at tale om planen."
        for i in range(25)
    ]
    parsed = parse_text(tmp_path, "Moderator: Fortæl.\nDeltager 1: " + " ".join(sentences) + "\n")
    parts = [q for q in parsed.quotes if q.speaker == "Deltager 1"]
    assert len(parts) > 3
    assert [q.part for q in parts] == list(range(len(parts)))
    assert {q.turn for q in parts} == {1}
    for q in parts:
        assert len(q.text) <= 600
        assert q.text.startswith("Vi mødtes") and q.text.endswith("om planen.")  # cut between sentences only
    assert " ".join(q.text for q in parts) == " ".join(sentences)
    sizes = [len(q.text) for q in parts]
    assert max(sizes) - min(sizes) < 120  # balanced, no tiny tail passage


def test_sentence_splitter_and_hard_split() -> None:
    text = "Hej. Jeg bor i Kbh. og har bl.a. A. Jensen som sagsbehandler! Hvad så? ja, nemlig.\nNy linje"
    spans = sentence_spans(text, 0, len(text))
    assert [text[s:e].strip() for s, e in spans] == [
        "Hej.",
        "Jeg bor i Kbh. og har bl.a. A. Jensen som sagsbehandler!",
        "Hvad så? ja, nemlig.",
        "Ny linje",
    ]
    words = "ord " * 400
    passages = split_span(words, 0, len(words), 600)
    assert all(len(words[s:e]) <= 600 for s, e in passages)
    assert "".join(words[s:e] + " " for s, e in passages) == words


@pytest.mark.parametrize(
    ("answer", "informative"),
    [
        ("", False), ("  ", False), ("-", False), (".", False), ("Ved ikke", False), ("nej tak!", False),
        ("Ingen kommentarer.", False), ("intet", False), ("n/a", False), ("?", False),
        ("Nej, de skal ringe tilbage", True), ("Alt", True), ("Mere hjælp", True), ("ok service men lange ventetider", True),
    ],
)
def test_junk_answers(answer: str, informative: bool) -> None:
    assert is_informative_answer(answer) is informative


def _big_transcript(path: Path, megabytes: int) -> int:
    turn = (
        "Deltager {n}: Jeg synes, at min sagsbehandler var god til at lytte, f.eks. da jeg fik en ny plan. "
        "Men kl. 8 er for tidligt – til jobklubben! Hvorfor så tidligt? Det forstår ingen af os.\n\n"
        "Moderator: Tak. Hvad med brevene fra jobcentret, Åse?\n\n"
    )
    chunk = "".join(turn.format(n=i % 6 + 1) for i in range(600)).encode("cp1252")
    repeats = megabytes * 1_000_000 // len(chunk) + 1
    path.write_bytes(chunk * repeats)
    return repeats * 1200


@pytest.mark.parametrize("megabytes", [5, pytest.param(50, marks=pytest.mark.slow)])
def test_big_file(tmp_path: Path, megabytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOCUSGROUP_MAX_TEXT_CHARS", str(60_000_000))  # 50 MB is over the default limit (20M chars)
    path = tmp_path / "stor.txt"
    n_turns = _big_transcript(path, megabytes)
    [parsed] = read_file(path)
    assert parsed.source.encoding == "cp1252"
    assert len(parsed.source.text) >= megabytes * 1_000_000 * 0.99
    assert {s.name for s in parsed.speakers} == {"Moderator"} | {f"Deltager {i}" for i in range(1, 7)}
    assert len({q.turn for q in parsed.quotes}) == n_turns == len(parsed.quotes)
    check_offsets(parsed)
    assert parsed.quotes[-1].text == "Tak. Hvad med brevene fra jobcentret, Åse?"


def test_header_lines_are_not_speakers(tmp_path: Path) -> None:
    text = (
        "Interview med borger\nBaggrund: Opfølgning på sygedagpenge.\nVarighed: 45 min.\n\n"
        "Interviewer: Hvordan gik samtalen?\nBorger: Den gik fint, tak.\nInterviewer: Godt.\n"
    )
    parsed = parse_text(tmp_path, text)
    assert [s.name for s in parsed.speakers] == ["Interviewer", "Borger"]
    assert [s.role for s in parsed.speakers] == [MODERATOR, PARTICIPANT]
    assert parsed.quotes[0].text == "Hvordan gik samtalen?"
