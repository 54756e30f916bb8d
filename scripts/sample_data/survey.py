"""SurveyXact-style export of a two-wave job-centre satisfaction survey (same data as .xlsx and cp1252 .csv).

Answers are composed from the hand-written banks, steered by each respondent's profile so that the data
has findings to discover: lower satisfaction on kontanthjælp and in the corona wave 2020, letters
criticised more by older respondents, job club by dagpenge recipients, digital meetings mostly in 2020.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from . import banks_other as other
from .banks_core import CORE_BANKS
from .common import expand, normalize_zip, weighted_choice

BANKS = {**CORE_BANKS, **other.OTHER_BANKS}

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
GOOD, BETTER = COLUMNS[-2], COLUMNS[-1]

WAVES = {"2020": 214, "2021": 262}
YDELSER = {
    "dagpenge": 0.27,
    "kontanthjælp": 0.23,
    "sygedagpenge": 0.18,
    "ressourceforløb": 0.09,
    "jobafklaringsforløb": 0.08,
    "uddannelseshjælp": 0.15,
}
AGES = ("18-29", "30-39", "40-49", "50-59", "60+")
AGE_BY_YDELSE = {
    "dagpenge": (0.15, 0.25, 0.22, 0.25, 0.13),
    "kontanthjælp": (0.30, 0.28, 0.22, 0.15, 0.05),
    "sygedagpenge": (0.10, 0.20, 0.27, 0.30, 0.13),
    "ressourceforløb": (0.15, 0.25, 0.30, 0.25, 0.05),
    "jobafklaringsforløb": (0.05, 0.15, 0.30, 0.38, 0.12),
    "uddannelseshjælp": (1.0, 0.0, 0.0, 0.0, 0.0),
}
SATISFACTION_SHIFT = {
    "dagpenge": 0.35,
    "kontanthjælp": -0.8,
    "sygedagpenge": 0.1,
    "ressourceforløb": -0.3,
    "jobafklaringsforløb": -0.35,
    "uddannelseshjælp": 0.0,
}
SICK = ("sygedagpenge", "ressourceforløb", "jobafklaringsforløb")
# "@tag" prefixes in the banks restrict a fragment to respondents it fits ("os ældre" is not said at 25).
TAGS = {
    "ung": lambda r: r.age == "18-29",
    "ældre": lambda r: r.age in ("50-59", "60+"),
    "60": lambda r: r.age == "60+",
    "2020": lambda r: r.wave == "2020",
    "ledig": lambda r: r.ydelse in ("dagpenge", "kontanthjælp", "uddannelseshjælp"),
    "syg": lambda r: r.ydelse in SICK,
    "helbred": lambda r: r.ydelse in (*SICK, "kontanthjælp"),
    **{y: (lambda r, y=y: r.ydelse == y) for y in YDELSER},
}
# When people answer: office hours and evenings, rarely at night.
HOUR_WEIGHTS = (1, 0, 0, 0, 0, 0, 1, 3, 6, 9, 10, 9, 8, 8, 7, 6, 5, 5, 6, 8, 9, 7, 4, 2)
AGE_LETTER_WEIGHT = dict(zip(AGES, (0.3, 0.6, 1.0, 2.6, 4.0), strict=True))
AGE_DIGITAL_NEG = dict(zip(AGES, (0.5, 0.7, 1.0, 1.5, 2.2), strict=True))


@dataclass
class Respondent:
    id: int
    finished: datetime
    wave: str
    ydelse: str
    age: str
    gender: str
    satisfaction: int
    good: str = ""
    better: str = ""

    def row(self) -> list[object]:
        return [
            self.id,
            self.finished.strftime("%d-%m-%Y %H:%M"),
            self.wave,
            self.ydelse,
            self.age,
            self.gender,
            self.satisfaction,
            self.good,
            self.better,
        ]


def split_tags(fragment: str) -> tuple[list[str], str]:
    tags = []
    while fragment.startswith("@"):
        head, fragment = fragment.split(" ", 1)
        tags += [t for t in head.split("@") if t]
    return tags, fragment


def fits(fragment: str, r: Respondent) -> bool:
    return all(TAGS[t](r) for t in split_tags(fragment)[0])


def theme_weights(r: Respondent, column: str) -> dict[str, float]:
    """How likely each theme is to come up for this respondent in this column."""
    w = {
        "sagsbehandler": 2.2,
        "skift": 1.0,
        "telefon": 1.2,
        "jobklub": 0.2,
        "digitale_moeder": 0.8,
        "breve": 1.0,
        "jobplan": 1.0,
        "hoert": 1.0,
        "kurser": 0.5,
        "praktik": 0.5,
        "ventetid": 0.6,
        "transport": 0.35,
        "helbred": 0.0,
    }
    y = r.ydelse
    if y in ("dagpenge", "kontanthjælp"):
        w["jobklub"] = 2.0 if y == "dagpenge" else 1.4
        w["kurser"] = 1.1 if y == "dagpenge" else 0.5
    if y == "uddannelseshjælp":
        w.update(jobklub=0.9, praktik=1.1, kurser=0.9)
    if y in ("kontanthjælp", "ressourceforløb", "jobafklaringsforløb"):
        w.update(skift=2.1, hoert=1.7, jobplan=1.5, praktik=1.1, helbred=0.6)
    if y in SICK:
        w.update(helbred=2.0, ventetid=1.1, jobklub=0.0)
    if y == "sygedagpenge":  # on sick leave people still have a job: little talk of courses and praktik
        w.update(praktik=0.25, kurser=0.2)
    if r.wave == "2020":
        w["digitale_moeder"] = 2.4
        w["telefon"] *= 1.4
    if column == BETTER:
        w["breve"] *= AGE_LETTER_WEIGHT[r.age]
        w["digitale_moeder"] *= AGE_DIGITAL_NEG[r.age]
        if y == "kontanthjælp":
            w["transport"] = 0.9
    else:
        w["breve"] *= 1.2 / AGE_LETTER_WEIGHT[r.age] ** 0.5
    return w


class Composer:
    """Builds answers from the banks, preferring fragments used least so far (so answers stay varied)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.uses: dict[str, int] = {}
        self.pools = {
            "mixed": list(other.MIXED),
            "long_good": list(other.LONG_GOOD),
            "long_better": list(other.LONG_BETTER),
        }
        for pool in self.pools.values():
            rng.shuffle(pool)

    def pick(self, options: list[str], r: Respondent) -> str:
        options = [o for o in options if fits(o, r)]
        weights = [1.0 / (1 + 3 * self.uses.get(o, 0)) for o in options]
        choice = self.rng.choices(options, weights=weights, k=1)[0]
        self.uses[choice] = self.uses.get(choice, 0) + 1
        return expand(split_tags(choice)[1], self.rng)

    def take(self, pool: str, r: Respondent) -> str | None:
        for i, text in enumerate(self.pools[pool]):
            if fits(text, r):
                return split_tags(self.pools[pool].pop(i))[1]
        return None

    def fragments(self, r: Respondent, column: str, kinds: tuple[str, ...], n: int) -> tuple[list[str], bool]:
        """n fragments on n different themes; complaints before suggestions. Also: are all of one kind?"""
        weights = theme_weights(r, column)
        chosen = []
        for _ in range(n):
            theme = weighted_choice(self.rng, weights)
            weights[theme] = 0.0  # one fragment per theme per answer
            chosen.append((kinds.index(kind := self.rng.choice(kinds)), theme, kind))
        chosen.sort(key=lambda c: c[0])
        out = [self.pick(BANKS[theme][kind], r) for _, theme, kind in chosen]
        return out, len({c[0] for c in chosen}) == 1

    def good(self, r: Respondent) -> str:
        rng = self.rng
        blank = 0.30 + (0.12 if r.satisfaction <= 2 else 0.0)
        roll = rng.random()
        if roll < blank:
            return ""
        if roll < blank + 0.07:
            return self.pick(other.JUNK, r)
        if r.satisfaction <= 2 and rng.random() < 0.45:
            return rng.choice(other.GOOD_NONE)
        kind = rng.random()
        if kind < 0.10:
            return self.pick(other.GENERIC_GOOD, r)
        if kind < 0.16 and (text := self.take("mixed", r)):
            return text
        if kind < 0.20 and r.satisfaction >= 3 and (text := self.take("long_good", r)):
            return text
        n = 1 if r.satisfaction <= 2 else rng.choices((1, 2, 3), weights=(0.62, 0.3, 0.08))[0]
        parts, _ = self.fragments(r, GOOD, ("pos",), n)
        contrast = {1: 0.5, 2: 0.35, 3: 0.15}.get(r.satisfaction, 0.0)
        if rng.random() < contrast:
            second = self.fragments(r, BETTER, ("neg",), 1)[0][0]
            if " men " not in second and " men " not in parts[0]:
                return join_contrast(parts[0], second, rng)
        return join_same(parts, rng, allow_og=True)

    def better(self, r: Respondent) -> str:
        rng = self.rng
        roll = rng.random()
        blank = 0.24 + (0.1 if r.satisfaction >= 4 else 0.0)
        if roll < blank:
            return ""
        if roll < blank + 0.08:
            return self.pick(other.JUNK, r)
        if r.satisfaction >= 4 and rng.random() < 0.4:
            return self.pick(other.NOTHING_TO_IMPROVE, r)
        kind = rng.random()
        if kind < 0.08:
            return self.pick(other.GENERIC_BETTER, r)
        if kind < 0.13 and (text := self.take("mixed", r)):
            return text
        if kind < 0.19 and (text := self.take("long_better", r)):
            return text
        if kind < 0.23:
            items, _ = self.fragments(r, BETTER, ("forslag",), rng.choice((2, 3)))
            bullet = rng.choice(("- ", "* ", ""))
            return "\n".join(bullet + lower_first(i) if bullet else i for i in items)
        shape = rng.random()
        if shape < 0.35:  # a complaint and the fix for it
            theme = weighted_choice(rng, theme_weights(r, BETTER))
            parts = [self.pick(BANKS[theme]["neg"], r), self.pick(BANKS[theme]["forslag"], r)]
            return join_same(parts, rng, allow_og=False)
        n = rng.choices((1, 2, 3), weights=(0.55, 0.35, 0.1))[0]
        parts, same_kind = self.fragments(r, BETTER, ("neg", "forslag"), n)
        return join_same(parts, rng, allow_og=same_kind)


def lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first in {"Jobnet", "Teams", "Skype", "LinkedIn", "Lone", "AMU-kursus"} or first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith(("?", "!", ".")) else text + "."


def join_same(parts: list[str], rng: random.Random, allow_og: bool) -> str:
    if len(parts) == 1:
        return sentence(parts[0])
    glue = rng.choices(
        ("sentences", "og", "semicolon", "newline"), weights=(0.62, 0.26 if allow_og else 0, 0.06, 0.06)
    )[0]
    if glue == "og" and len(parts) == 2:
        return sentence(parts[0] + " og " + lower_first(parts[1]))
    if glue == "semicolon":
        return sentence("; ".join([parts[0], *map(lower_first, parts[1:])]))
    sep = "\n" if glue == "newline" else " "
    return sep.join(sentence(p) for p in parts)


def join_contrast(first: str, second: str, rng: random.Random) -> str:
    glue = rng.choice((", men ", ", men ", ". Men ", " - men ", " ... men "))
    return sentence(first + glue + lower_first(second))


def add_noise(text: str, rng: random.Random) -> str:
    """What people really type: lowercase starts, no final stop, typos, stray spaces."""
    if not text or text in other.JUNK:
        return text
    if rng.random() < 0.2:
        text = text[:1].lower() + text[1:]
    if rng.random() < 0.04:
        text = text.lower()
    if rng.random() < 0.35 and text.endswith(".") and text.count(".") == 1:
        text = text[:-1]
    if rng.random() < 0.07:
        text = typo(text, rng)
    if rng.random() < 0.03:
        text = text.replace(", ", ",")
    if rng.random() < 0.02:
        text = text.rstrip(".") + "!!"
    if rng.random() < 0.02:
        text += " "
    return text


def typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w, k = words[i], rng.randrange(1, len(words[i]) - 2)
    kind = rng.random()
    if kind < 0.4:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]  # swapped letters
    elif kind < 0.75:
        w = w[:k] + w[k + 1 :]  # dropped letter
    else:
        w = w[:k] + w[k] + w[k:]  # doubled letter
    words[i] = w
    return " ".join(words)


def make_respondents(rng: random.Random) -> list[Respondent]:
    respondents = []
    for wave, n in WAVES.items():
        year = int(wave)
        ids = sorted(
            rng.sample(
                range(
                    31_000_000 if year == 2020 else 47_000_000, (31 if year == 2020 else 47) * 10**6 + 999_999
                ),
                n,
            )
        )
        start = datetime(year, 11, 2, 8, 0)
        times = sorted(
            start
            + timedelta(days=rng.randrange(32), hours=rng.choices(range(24), weights=HOUR_WEIGHTS)[0] - 8)
            + timedelta(minutes=rng.randrange(60))
            for _ in range(n)
        )
        for rid, when in zip(ids, times, strict=True):
            ydelse = weighted_choice(rng, YDELSER)
            age = rng.choices(AGES, weights=AGE_BY_YDELSE[ydelse])[0]
            gender = rng.choices(("Kvinde", "Mand", "Ønsker ikke at oplyse"), weights=(0.52, 0.46, 0.02))[0]
            latent = 3.75 + SATISFACTION_SHIFT[ydelse] + (-0.45 if wave == "2020" else 0.0)
            latent += (-0.2 if age == "60+" else 0.0) + rng.gauss(0, 0.9)
            score = min(5, max(1, round(latent)))
            respondents.append(Respondent(rid, when, wave, ydelse, age, gender, score))
    return respondents


def insert_personal_data(respondents: list[Respondent], rng: random.Random) -> None:
    """Put each personal-data answer in one plausible row (a real export has a handful of these)."""
    for column, texts in (("good", other.PERSONAL["good"]), ("better", other.PERSONAL["better"])):
        wanted = (lambda r: r.satisfaction >= 4) if column == "good" else (lambda r: r.satisfaction <= 3)
        rows = [r for r in respondents if wanted(r) and getattr(r, column) not in ("", *other.JUNK)]
        for r, text in zip(rng.sample(rows, len(texts)), texts, strict=True):
            setattr(r, column, text)


def build_survey(rng: random.Random) -> list[Respondent]:
    respondents = make_respondents(rng)
    composer = Composer(rng)
    for r in respondents:
        r.good = add_noise(composer.good(r), rng)
        r.better = add_noise(composer.better(r), rng)
    insert_personal_data(respondents, rng)
    return respondents


def write_csv(path: Path, respondents: list[Respondent]) -> None:
    """Semicolon CSV in cp1252 with CRLF rows, as SurveyXact/Excel on a Danish Windows PC writes it."""
    with open(path, "w", encoding="cp1252", errors="strict", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(r.row() for r in respondents)


def write_xlsx(path: Path, respondents: list[Respondent]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Dataset"
    ws.append(COLUMNS)
    for r in respondents:
        ws.append([None if v == "" else v for v in r.row()])
    fixed = datetime(2021, 12, 10, 9, 0, 0)
    wb.properties.creator = "SurveyXact"
    wb.properties.created = wb.properties.modified = fixed
    wb.save(path)
    normalize_zip(path)
