"""A synthetic, already-analysed project of any size, for the app's tests and its benchmark.

It is written through the same store API the real pipeline uses (sources, quotes, a run, themes,
assignments, sentiment), so the pages see exactly what they would after ``focusgroup analyze``.
"""

from __future__ import annotations

import random
from pathlib import Path

from focusgroup.records import (
    MODERATOR,
    PARTICIPANT,
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

THEMES: list[tuple[str, list[str], list[str]]] = [
    ("Sagsbehandleren", ["sagsbehandler", "skifte", "relation"], [
        "Min sagsbehandler lytter virkelig, og det gør en forskel.",
        "Jeg har skiftet sagsbehandler fire gange på et år, det er frustrerende.",
        "Sagsbehandleren kendte slet ikke min sag, da vi mødtes.",
    ]),
    ("Telefonisk kontakt", ["telefon", "ringe", "kø"], [
        "Man kan aldrig komme igennem på telefonen om formiddagen.",
        "Det er nemt at ringe, og de ringer altid tilbage.",
        "Jeg sidder i telefonkø i en halv time hver gang.",
    ]),
    ("Breve og sprog", ["brev", "forstå", "sprog"], [
        "Brevene er skrevet i et sprog, jeg ikke forstår.",
        "Jeg fik et brev med trusler om sanktioner, det gjorde mig bange.",
        "Det var godt, at brevet forklarede næste skridt.",
    ]),
    ("Jobklub og aktivering", ["jobklub", "timer", "kursus"], [
        "Jobklubben varer alt for mange timer, og vi laver ingenting.",
        "Kurset i CV-skrivning var faktisk rigtig brugbart.",
        "Aktiveringen føles meningsløs <og> spild af tid.",
    ]),
    ("Digitale møder", ["digital", "møde", "corona"], [
        "De digitale møder under corona fungerede fint for mig.",
        "Det er svært at føle sig hørt på et videomøde.",
        "Jeg var glad for at slippe for transporten, men skærmen drillede.",
    ]),
]
GROUPS = ("dagpenge", "kontanthjælp", "sygedagpenge", "ressourceforløb")
WAVES = ("2020", "2021")
SCORES = {"negativ": -0.6, "neutral": 0.0, "positiv": 0.6}


def _sentiment(text: str) -> str:
    lowered = text.lower()
    if any(w in lowered for w in ("glad", "godt", "fint", "nemt", "brugbart", "lytter")):
        return "positiv"
    if any(w in lowered for w in ("aldrig", "frustrerende", "ikke", "bange", "meningsløs", "svært")):
        return "negativ"
    return "neutral"


def build(path: str | Path, n_quotes: int = 300, seed: int = 7, n_transcripts: int = 2) -> Path:
    """Write an analysed project with about ``n_quotes`` quotes (transcripts + one survey) to ``path``."""
    rng = random.Random(seed)
    path = Path(path)
    Project.delete(path)
    picks: list[tuple[int, str]] = []  # (theme index or -1 for moderator/none, text) per stored quote
    with Project(path) as project:
        per_transcript = max(6, n_quotes // (4 * n_transcripts))
        for t in range(n_transcripts):
            picks += _transcript(project, rng, t, per_transcript)
        picks += _survey(project, rng, max(4, n_quotes - len(picks)))
        run = project.start_run({"embedder": "tfidf", "group_by": "Ydelse", "seed": seed})
        themes = [Theme(label=label, keywords=kws, topic=i) for i, (label, kws, _) in enumerate(THEMES)]
        ids = project.save_themes(run, themes)
        quotes = project.quotes()
        assignments, sentiments = [], []
        for q, (theme_index, text) in zip(quotes, picks, strict=True):
            assert q.text == text
            if q.role != MODERATOR and q.informative:
                theme_id = ids[theme_index] if theme_index >= 0 else None
                assignments.append(Assignment(q.id, theme_id, round(rng.uniform(0.4, 1.0), 3)))
            label = _sentiment(q.text)
            sentiments.append(Sentiment(q.id, label, SCORES[label] + rng.uniform(-0.2, 0.2), "sample"))
        project.save_assignments(run, assignments)
        project.save_sentiments(sentiments)
        for theme_id in ids:
            members = [a.quote_id for a in assignments if a.theme_id == theme_id]
            project.update_theme(theme_id, size=len(members), representative_quote_ids=members[:3])
        project.finish_run(run)
    return path


def _transcript(project: Project, rng: random.Random, number: int, n_turns: int) -> list[tuple[int, str]]:
    people = ["Lise", "Anders", "Fatima", "Jørgen", "Mette"]
    parts, quotes, picks, offset = [], [], [], 0
    for turn in range(n_turns):
        if turn % 4 == 0:
            name, role, theme, text = "Lise", MODERATOR, -1, "Hvordan oplever I kontakten med jobcentret?"
        else:
            name, role = rng.choice(people[1:]), PARTICIPANT
            theme = rng.randrange(len(THEMES))
            text = rng.choice(THEMES[theme][2])
        stamp = f"00:{turn // 6:02d}:{(turn * 10) % 60:02d}"
        prefix = f"[{stamp}] {name}: "
        start = offset + len(prefix)
        quotes.append(Quote(text, start, start + len(text), name, role, turn=turn, timestamp=stamp))
        parts.append(prefix + text)
        offset += len(prefix) + len(text) + 1
        picks.append((theme, text))
    source = Source(f"fokusgruppe_{number + 1}.txt", "\n".join(parts), format="txt")
    speakers = [Speaker(n, MODERATOR if n == "Lise" else PARTICIPANT) for n in people]
    project.add_parsed(ParsedSource(source, [s for s in speakers if any(q.speaker == s.name for q in quotes)], quotes))
    return picks


def _survey(project: Project, rng: random.Random, n_rows: int) -> list[tuple[int, str]]:
    lines, quotes, picks, offset = [], [], [], 0
    for row in range(n_rows):
        theme = rng.randrange(len(THEMES))
        text = rng.choice(THEMES[theme][2]) if row % 10 else "ved ikke"
        informative = bool(row % 10)
        meta = {"Ydelse": rng.choice(GROUPS), "Bølge": rng.choice(WAVES), "id": str(1000 + row)}
        quotes.append(Quote(text, offset, offset + len(text), f"R{1000 + row}", RESPONDENT, turn=row,
                            column="Hvad kan jobcentret gøre bedre?", informative=informative, metadata=meta))
        lines.append(text)
        offset += len(text) + 1
        picks.append((theme if informative else -1, text))
    source = Source("survey.csv", "\n".join(lines), kind=SURVEY, format="csv")
    project.add_parsed(ParsedSource(source, [], quotes))
    return picks
