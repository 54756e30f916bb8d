"""Which survey background columns hold personal data, judged by header AND content.

Before this module every background value went through the free-text pseudonymiser: respondent ids
and completion dates of the sample study became "[Telefon N]" (952 rows of quotes.csv) while an
"Adresse" column was exported verbatim (issues 14 and 15). Now each column gets one class:

* ``keep``: ids, dates, times, numbers, scales and categories ("dagpenge", "50-59", "Kvinde") are
  exported as they are: never a phone, CPR or person;
* a personal-data kind (person, address, email, phone, cpr): the whole value is replaced by the
  placeholder of that kind, the same one the texts use ("Lone Hansen" -> "[Person 3]");
* ``text``: free text (a comment column kept as background) goes through the text pseudonymiser.

A personal header ("Navn", "Adresse", "E-mail", "Telefon", "CPR") decides by itself; otherwise the
content must agree in at least ``SHARE`` of the non-empty values, so one odd cell does not turn a
column. An id/date/scale header or content is never personal, unless its values are e-mails or valid
CPR numbers (a column named "ID" holding e-mail addresses is still e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from focusgroup.privacy.detect import (
    ADDRESS,
    CPR,
    EMAIL,
    PERSON,
    PHONE,
    DetectContext,
    detect_addresses,
    person_words,
)
from focusgroup.privacy.numbers import CPR_RE, valid_cpr_date

KEEP, TEXT = "keep", "text"
SHARE = 0.6  # of non-empty values that must look like the kind
MAX_CATEGORIES = 30

_HEADER_KIND = (
    (CPR, re.compile(r"\bcpr|personnummer|person-?nr|personnr", re.I)),
    (EMAIL, re.compile(r"e-?mail|mailadresse|\bmail\b", re.I)),
    (PHONE, re.compile(r"telefon|\btlf|mobil|\bphone|\btelf", re.I)),
    (ADDRESS, re.compile(r"adresse|address|bopæl|\bvej(?:navn)?\b|\bgade\b|postadresse|street", re.I)),
    (PERSON, re.compile(r"\bnavn\b|\bnavne|fornavn|efternavn|fulde navn|\bname\b|kontaktperson|\bfrom\b", re.I)),
)
_HEADER_KEEP = re.compile(
    r"(?:^|\b)(?:id|nr|no|nummer|respondent|respondentid|løbenummer|løbenr|dato|date|tid|tidspunkt|time|"
    r"afsluttet|påbegyndt|startet|start|slut|oprettet|ændret|år|årgang|bølge|wave|alder|aldersgruppe|"
    r"score|tilfredshed|vurdering|rating|skala|karakter|antal|beløb|køn|postnummer|postnr|kommune|region)(?:\b|$)",
    re.I,
)
_NUMBER_LIKE = re.compile(r"^[\s\d.,:/+%-]*\d[\s\d.,:/+%-]*$|^\d+\s*-\s*\d+$|^\d+\+$")
_EMAIL_FULL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}$")
# grouped phone shapes only: a solid 8-digit column is an id unless its header says phone
_PHONE_FULL = re.compile(r"^(?:(?:\+|00)45[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{2}|\d{2}([ .-])\d{2}\1\d{2}\1\d{2}|\d{4} \d{4})$")
_NAME_WORD = re.compile(r"^[A-ZÆØÅ][\wæøåéüö'.-]*$")


def _values(values: Iterable[Any]) -> list[str]:
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def _share(values: list[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _is_cpr(v: str) -> bool:
    m = CPR_RE.fullmatch(v)
    return bool(m) and valid_cpr_date(m.group(1), m.group(2), m.group(3))


def _is_address(v: str) -> bool:
    spans = detect_addresses(v, DetectContext())
    return bool(spans) and sum(s.end - s.start for s in spans) >= 0.6 * len(v)


def _is_person(v: str) -> bool:
    """1-4 capitalised words, the first a known first name ("Lone Hansen", "Anne-Mette la Cour")."""
    words = v.replace(",", " ").split()
    if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) or w.islower() and len(w) <= 3 for w in words):
        return False
    first, _, surnames, _ = person_words()
    return any(w in first or w.split("-")[0] in first for w in words) or (len(words) > 1 and words[-1] in surnames)


def classify_column(header: str, values: Iterable[Any]) -> str:
    """``keep``, ``text`` or the personal-data kind of one background column (see the module doc)."""
    vals = _values(values)
    header = str(header or "").strip()
    for kind, pattern in _HEADER_KIND:
        if pattern.search(header) and not _HEADER_KEEP.fullmatch(header):
            return kind
    if not vals:
        return KEEP
    if _share(vals, _EMAIL_FULL.match) >= SHARE:
        return EMAIL
    if _share(vals, _is_cpr) >= SHARE:
        return CPR
    if _HEADER_KEEP.search(header):
        return KEEP
    if _share(vals, _PHONE_FULL.match) >= SHARE:
        return PHONE
    if _share(vals, _NUMBER_LIKE.match) >= SHARE:
        return KEEP  # ids, dates, times, amounts, scales: "31015477", "02-11-2020 10:36", "4"
    if _share(vals, _is_address) >= SHARE:
        return ADDRESS
    if _share(vals, _is_person) >= SHARE:
        return PERSON
    distinct = set(vals)
    if len(distinct) <= MAX_CATEGORIES and len(distinct) <= len(vals) / 2:
        return KEEP  # a category ("dagpenge", "Kvinde", "Ønsker ikke at oplyse")
    return TEXT


def classify_columns(rows: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Class per column over all rows (quote metadata dicts of one project)."""
    columns: dict[str, list[Any]] = {}
    for row in rows:
        for k, v in row.items():
            columns.setdefault(k, []).append(v)
    return {k: classify_column(k, vs) for k, vs in columns.items()}


def scrub_fields(
    meta: Mapping[str, Any], classes: Mapping[str, str], text: Any, placeholder: Any
) -> dict[str, Any]:
    """One row's background values as an export shows them: kept, replaced whole, or scrubbed as text.

    ``text(value)`` pseudonymises free text; ``placeholder(kind, value)`` gives the placeholder of a
    whole value (the pseudonymiser's, so the key reverses it). Columns not in ``classes`` are text.
    """
    out: dict[str, Any] = {}
    for k, v in meta.items():
        cls = classes.get(k, TEXT)
        if v is None or cls == KEEP or (isinstance(v, str) and not v.strip()):
            out[k] = v
        elif cls == TEXT:
            out[k] = text(v) if isinstance(v, str) else v
        else:
            out[k] = placeholder(cls, str(v).strip())
    return out
