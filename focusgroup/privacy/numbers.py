"""Which digit strings are CPR or phone numbers, and which are dates, times, amounts or case numbers.

A Danish survey or transcript is full of 8-digit strings that are not phones: respondent ids
("31015477"), completion dates ("02-11-2020 10:36"), dates in answers ("den 12-03-2021"), amounts,
case numbers. Before this module the phone pattern took all of them (952 rows of quotes.csv of the
sample study, issue 15), so the rules are now:

* a number inside a date, time, amount or year range is never a phone or CPR (``protected_spans``);
* a number right after a case/journal/customer/respondent-number word is neither;
* CPR: a valid date (ddmmyy) and the usual shapes ``ddmmyy-xxxx``, ``ddmmyyxxxx``, ``ddmmyy xxxx``;
* phone: a phone shape (+45/0045 prefix, ``dd dd dd dd`` with one separator throughout, ``dddd dddd``)
  or 8 digits in one block with a phone word before it ("tlf.", "mobil", "ring på", "nummer",
  "fange mig på"): the block shape is also every survey tool's respondent id.
"""

from __future__ import annotations

import re
from datetime import date

# ---------------------------------------------------------------- what is never a phone or CPR
_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_DATE = rf"\b{_DAY}(?P<dsep>[-./]){_MONTH}(?P=dsep)(?:\d{{4}}|\d{{2}})\b|\b(?:19|20)\d{{2}}-{_MONTH}-{_DAY}\b"
_TIME = r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?\b(?!\s*(?:kr|kroner|dkk|%))"
_AMOUNT = (
    r"(?:\b(?:kr\.?|dkk|€|\$)\s*)\d[\d.,' ]*\d|\d[\d.,' ]*\d\s*(?:kr\b\.?|kroner\b|dkk\b|,-|%|procent\b|timer\b|"
    r"minutter\b|år\b|dage\b|uger\b|måneder\b|km\b|stk\b|point\b|personer\b)"
)
_YEAR_RANGE = r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}\b"
_PROTECTED = re.compile("|".join(f"(?:{p})" for p in (_DATE, _TIME, _AMOUNT, _YEAR_RANGE)), re.IGNORECASE)

# A number right after one of these names a case, a document or a record, not a person's phone.
_CASE_WORDS = re.compile(
    r"(?:\b(?:sags|journal|kunde|ordre|faktura|medlems|løbe|konto|reg|registrerings|cvr|se|besvarelses|"
    r"bruger|ansøgnings|borger|patient|billet|booking|bestillings|dokument|reference|ref|respondent)"
    r"[ -]?(?:nummer|numre|nr\.?|id)|\b(?:j\.\s?nr\.?|ref\.?|reference|respondent|id|cvr|sag|konto)"
    r")\s*[.:#]?\s*(?:er\s+|var\s+|lyder\s+på\s+)?$",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(r"(?:\bnr\.?|\bno\.?|#)\s*[.:]?\s*$", re.IGNORECASE)  # a bare "nr." before a phone-shaped id
# Words that announce a phone number within a few words before it.
_PHONE_WORDS = re.compile(
    r"(?:\btlf|\btelefon|\bmobil|\bmobilnummer|\bnummer|\bnr\b|\bring|\bringe|\bsms|\bfange|\bkontakt|\bopkald|"
    r"\btræffes|\bphone|\btel\b|\bhovednummer|\bdirekte|\bfastnet|\bvagttelefon|\bhotline)",
    re.IGNORECASE,
)

CPR_RE = re.compile(r"(?<!\d)(?<!\d[.,:/-])(\d{2})(\d{2})(\d{2})([- ]?)(\d{4})(?![\d-]|[.,:/]\d)")
PHONE_RE = re.compile(
    r"(?<![\d+])(?<!\d[.,:/-])(?P<intl>(?:\+|00)45[ .-]?)?"
    r"(?P<num>[1-9]\d(?P<sep>[ .-]?)\d{2}(?P=sep)\d{2}(?P=sep)\d{2}|[1-9]\d{3}[ ]\d{4})"
    r"(?![\d]|[.,:/-]\d)"
)


def valid_cpr_date(dd: str, mm: str, yy: str) -> bool:
    """A CPR number starts with a real date; the century digit rules vary, so accept 19yy or 20yy."""
    d, m, y = int(dd), int(mm), int(yy)
    for century in (1900, 2000):
        try:
            date(century + y, m, d)
            return True
        except ValueError:
            continue
    return False


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of dates, times, amounts and year ranges: no phone or CPR overlaps these."""
    return [m.span() for m in _PROTECTED.finditer(text)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def case_number_context(text: str, start: int, bare_number_word: bool = False) -> bool:
    """"sagsnummer 2023-114455", "respondent-id: 31015477", "nr. 40506070": a record, not a person."""
    before = text[max(0, start - 30) : start]
    if _PHONE_WORDS.search(before[-18:]):  # "tlf. nr. 40506070" is a phone
        return False
    return bool(_CASE_WORDS.search(before)) or (bare_number_word and bool(_NUMBER_WORD.search(before)))


def phone_context(text: str, start: int, window: int = 40) -> bool:
    return bool(_PHONE_WORDS.search(text[max(0, start - window) : start]))


def find_cprs(text: str) -> list[tuple[int, int]]:
    prot = None
    out = []
    for m in CPR_RE.finditer(text):
        if not valid_cpr_date(m.group(1), m.group(2), m.group(3)):
            continue
        prot = protected_spans(text) if prot is None else prot
        if _overlaps(m.start(), m.end(), prot) or case_number_context(text, m.start()):
            continue
        out.append(m.span())
    return out


def find_phones(text: str) -> list[tuple[int, int]]:
    prot = None
    out = []
    for m in PHONE_RE.finditer(text):
        prot = protected_spans(text) if prot is None else prot
        if _overlaps(m.start(), m.end(), prot) or case_number_context(text, m.start(), bare_number_word=True):
            continue
        strong = bool(m.group("intl")) or m.group("sep") != ""  # grouped ("22 33 44 55", "7011 2233")
        if not strong and not phone_context(text, m.start()):
            continue  # "31015477", "12-03-20-21": the shape other numbers take needs a phone word
        out.append(m.span())
    return out
