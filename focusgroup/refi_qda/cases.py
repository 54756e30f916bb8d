"""Survey respondents and transcript speakers as REFI-QDA Cases, background fields as typed Variables.

Split from ``writer`` (one job: who said it and what is known about them). Variable names stay as the
researcher's columns; a case's GUID comes from its source and row/speaker, never from its name, so the
name may follow the reader's language.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from lxml import etree

from focusgroup.export._view import ExportView, QuoteView
from focusgroup.messages import text
from focusgroup.records import SURVEY
from focusgroup.refi_qda._xml import Ids
from focusgroup.refi_qda._xml import clean as _clean
from focusgroup.refi_qda._xml import el as _el

ROLE_VARIABLE = "Rolle"
ROLE_LABELS = {"moderator": "moderator", "participant": "deltager", "respondent": "respondent"}


def variables(root: etree._Element, ids: Ids, view: ExportView) -> dict[str, tuple[str, str]]:
    """Background fields as typed Variables; returns name -> (GUID, type)."""
    values: dict[str, list[Any]] = {}
    for q in view.quotes:
        for k, v in q.metadata.items():
            if v is not None and v != "":
                values.setdefault(k, []).append(v)
    variables = {name: (ids("variable", name), _variable_type(vals)) for name, vals in values.items()}
    if any(s.kind != SURVEY for s in view.sources):
        variables.setdefault(ROLE_VARIABLE, (ids("variable", ROLE_VARIABLE), "Text"))
    if variables:
        el = _el(root, "Variables")
        for name, (guid, kind) in variables.items():
            _el(el, "Variable", guid=guid, name=_clean(name), typeOfVariable=kind)
    return variables


def _variable_type(values: list[Any]) -> str:
    """The narrowest REFI type that holds every value (survey cells often arrive as strings)."""
    if all(isinstance(v, bool) for v in values):
        return "Boolean"
    if all(_as_int(v) is not None for v in values):
        return "Integer"
    if all(_as_float(v) is not None for v in values):
        return "Float"
    return "Text"


def _as_int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?\d{1,15}", v.strip()):
        return int(v)
    return None


def _as_float(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v) if v == v and abs(v) != float("inf") else None
    if isinstance(v, str) and re.fullmatch(r"-?\d+(?:[.,]\d+)?", v.strip()):
        return float(v.strip().replace(",", "."))  # Danish decimal comma
    return None


def cases(root: etree._Element, ids: Ids, view: ExportView, variables: dict[str, tuple[str, str]]) -> None:
    """A case per transcript speaker and per survey respondent (data row), linked to their quotes."""
    cases: dict[tuple[int, object], list[QuoteView]] = {}
    for q in view.quotes:
        kind = view.source_by_id[q.source_id].kind
        cases.setdefault((q.source_id, q.turn if kind == SURVEY else q.speaker), []).append(q)
    if not cases:
        return
    el = _el(root, "Cases")
    for (source_id, key), quotes in cases.items():
        src = view.source_by_id[source_id]
        first = quotes[0]
        if src.kind == SURVEY:  # rows are 0-based inside focusgroup, 1-based for people
            name = text("exp_refi_case_row", speaker=first.speaker, row=int(key) + 1, source=src.label)
        else:
            name = f"{first.speaker} ({src.label})"
        case = _el(el, "Case", guid=ids("case", f"{source_id}:{key}"), name=_clean(name))
        values = dict(first.metadata)
        for q in quotes[1:]:
            for k, v in q.metadata.items():
                values.setdefault(k, v)
        if src.kind != SURVEY:
            values.setdefault(ROLE_VARIABLE, ROLE_LABELS.get(first.role, first.role))
        for k, v in values.items():
            if k in variables and v is not None and v != "":
                _variable_value(case, variables[k], v)
        for q in quotes:
            _el(case, "SelectionRef", targetGUID=ids("quote", q.id))


def _variable_value(parent: etree._Element, variable: tuple[str, str], value: Any) -> None:
    guid, kind = variable
    vv = _el(parent, "VariableValue")
    _el(vv, "VariableRef", targetGUID=guid)
    if kind == "Boolean":
        _el(vv, "BooleanValue").text = "true" if value else "false"
    elif kind == "Integer":
        _el(vv, "IntegerValue").text = str(_as_int(value))
    elif kind == "Float":
        # xsd:decimal has no exponent: 1e-05 must be written 0.00001.
        _el(vv, "FloatValue").text = format(Decimal(repr(_as_float(value))), "f")
    else:
        _el(vv, "TextValue").text = _clean(str(value))
