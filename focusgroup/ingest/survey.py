"""Survey tables to quotes: one quote per free-text answer, every other column kept as metadata.

The source text is rendered as one block per answer ("Respondent 17 · Hvad kan jobcentret gøre
bedre?" then the answer), so offsets point into a text a researcher can read and code in NVivo.
Free-text columns are named by the user or proposed: mostly long, varied, non-numeric strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import mean

from focusgroup import messages
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Table
from focusgroup.ingest.informative import is_informative_answer
from focusgroup.ingest.passages import DEFAULT_MAX_CHARS, split_span
from focusgroup.records import RESPONDENT, Quote, Speaker

_NUMBER_OR_DATE = re.compile(r"^[-+]?[\d\s.,:/%-]+$")
_ID_NAMES = {
    "id", "respondentid", "respondent", "respondentnr", "respondentnummer", "resp", "respid", "case", "caseid",
    "nr", "løbenr", "løbenummer", "lbnr", "svarid", "responseid", "response", "uuid", "key", "deltager",
    "deltagerid", "informant", "borger", "borgerid",
}


def _key(name: str) -> str:
    return re.sub(r"[^\w]", "", name.casefold()).replace("_", "")


def find_column(table: Table, wanted: str, name: str) -> str:
    """The header matching ``wanted`` exactly, else ignoring case and spacing; IngestError if none."""
    if wanted in table.header:
        return wanted
    matches = [h for h in table.header if _key(h) == _key(wanted)]
    if not matches:
        raise IngestError(name, "no_column", column=wanted, columns=", ".join(table.header))
    return matches[0]


def _column(table: Table, col: str) -> list[str]:
    i = table.header.index(col)
    return [row[i] for row in table.rows]


def text_column_score(values: Sequence[str]) -> float:
    """How much a column looks like free text (0 = not at all).

    Judged on the informative answers only (a comment column full of "ved ikke" is still one):
    mostly non-numeric, several words on average, varied, and written in sentences (mostly
    lower-case words), which tells comments from names, addresses and category labels.
    """
    filled = [v.strip() for v in values if v.strip()]
    answers = [v for v in filled if is_informative_answer(v)]
    if not answers or len(answers) < 0.2 * len(filled):
        return 0.0
    if sum(bool(_NUMBER_OR_DATE.match(v)) for v in answers) / len(answers) > 0.5:
        return 0.0
    words = [w for v in answers for w in v.split()]
    lower = sum(w[:1].islower() for w in words) / len(words)
    length = mean(len(v) for v in answers)
    distinct = len(set(answers)) / len(answers)
    if len(words) / len(answers) < 3 or length < 15 or distinct < 0.5 or lower < 0.4:
        return 0.0
    return length * distinct


def propose_columns(table: Table, exclude: Sequence[str] = ()) -> list[str]:
    """Free-text columns in table order."""
    return [
        col
        for col in table.header
        if col not in exclude and text_column_score(_column(table, col)) > 0
    ]


def guess_id_column(table: Table) -> str | None:
    """A column named like an id whose non-blank values are all different."""
    for col in table.header:
        key = _key(col)
        if key in _ID_NAMES or (key.endswith("id") and len(key) <= 12):
            values = [v.strip() for v in _column(table, col) if v.strip()]
            if values and len(set(values)) == len(values):
                return col
    return None


ANSWER_SEPARATOR = "\n\n"


def respondent_name(id_value: str, row: int) -> str:
    """"Respondent 17" from a numeric id or the 0-based row, else the id itself."""
    id_value = " ".join(id_value.split())
    if not id_value:
        return f"Respondent {row + 1}"
    return f"Respondent {id_value}" if id_value.isdigit() else id_value


def answer_block(
    speaker: str, column: str, answer: str, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[str, list[tuple[int, int]], bool]:
    """One answer's block of the survey's plain text, its passage spans within the block, and
    whether it is informative. ``import`` and ``batch`` both lay surveys out with this, so a batch
    project and an imported one have the same text and offsets."""
    block = f"{speaker} · {column}\n{answer}"
    body = len(block) - len(answer)
    spans = split_span(block, body, len(block), max_chars) or [(body, body)]
    return block, spans, is_informative_answer(answer)


def build_survey(
    table: Table,
    name: str,
    text_columns: Sequence[str] | None = None,
    id_column: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> tuple[str, list[Speaker], list[Quote], list[str]]:
    """Plain text, respondents, answer quotes and warnings for a survey table."""
    warnings: list[str] = []
    id_col = find_column(table, id_column, name) if id_column else guess_id_column(table)
    if text_columns:
        columns = [find_column(table, c, name) for c in text_columns]
    else:
        columns = propose_columns(table, exclude=[id_col] if id_col else [])
        if not columns:
            raise IngestError(name, "no_text_column", columns=", ".join(table.header))
        warnings.append(messages.text("warn_columns_chosen", columns=", ".join(columns)))
    text, quotes = lay_out_rows(table.rows, table.header, columns, id_col, max_chars=max_chars)
    speakers = {q.speaker: Speaker(q.speaker, RESPONDENT) for q in quotes}
    return text, list(speakers.values()), quotes, warnings


def lay_out_rows(
    rows: Sequence[Sequence[str]],
    header: Sequence[str],
    columns: Sequence[str],
    id_col: str | None,
    *,
    start_row: int = 0,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> tuple[str, list[Quote]]:
    """A survey's plain text and answer quotes from its ``rows`` (``start_row``: the first one's 0-based
    number): per row, one answer block per free-text column in ``columns``' order, each quote naming its
    column (the question it answers); the other columns are its metadata. ``import`` lays out a whole
    table with it, batch a chunk of rows at a time (its offsets then count from the chunk's text)."""
    meta_cols = [c for c in header if c not in columns]
    col_index = {c: header.index(c) for c in header}
    chunks: list[str] = []
    pos = 0
    quotes: list[Quote] = []
    for row_no, row in enumerate(rows, start_row):
        if not any(cell.strip() for cell in row):
            continue
        speaker = respondent_name(row[col_index[id_col]] if id_col else "", row_no)
        metadata = {c: row[col_index[c]].strip() for c in meta_cols}
        for col in columns:
            if chunks:
                chunks.append(ANSWER_SEPARATOR)
                pos += len(ANSWER_SEPARATOR)
            chunk, spans, informative = answer_block(speaker, col, row[col_index[col]], max_chars)
            base = pos
            chunks.append(chunk)
            pos += len(chunk)
            for part, (s, e) in enumerate(spans):
                quotes.append(
                    Quote(
                        text=chunk[s:e],
                        start=base + s,
                        end=base + e,
                        speaker=speaker,
                        role=RESPONDENT,
                        turn=row_no,
                        part=part,
                        column=col,
                        informative=informative,
                        metadata=dict(metadata),
                    )
                )
    return "".join(chunks), quotes
