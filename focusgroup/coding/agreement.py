"""Agreement between two coders of a project (figures from ``focusgroup.stats.agreement``)."""

from __future__ import annotations

from typing import Any

from focusgroup.errors import UserError
from focusgroup.stats.agreement import AgreementReport, agreement
from focusgroup.store import coding as store


def coder_labels(project: Any, coder: str) -> dict[int, frozenset[str]]:
    """quote id -> the codes ``coder`` gave it. Every proposal counts for the machine coder, so its
    agreement with a researcher is measured on what it proposed, not only on what was accepted."""
    out: dict[int, set[str]] = {}
    for c in store.codings(project, coder=coder):
        if c.coder == store.MACHINE_CODER or c.status != "rejected":
            out.setdefault(c.quote_id, set()).add(c.code)
    return {q: frozenset(v) for q, v in out.items()}


def project_agreement(project: Any, coders: tuple[str, str] | None = None) -> AgreementReport:
    """Agreement of two coders (default: the first two who coded, researchers before the machine)."""
    known = store.coders(project)
    if coders is None:
        if len(known) < 2:
            raise UserError("coding_need_two_coders", coders=", ".join(known) or "-")
        coders = (known[0], known[1])
    for name in coders:
        if name not in known:
            raise UserError("coding_unknown_coder", coder=name, coders=", ".join(known) or "-")
    if coders[0] == coders[1]:
        raise UserError("coding_same_coder", coder=coders[0])
    codes = [c.name for c in store.codes(project)]
    a, b = coder_labels(project, coders[0]), coder_labels(project, coders[1])
    shared = set(a) & set(b)  # a code neither coder used on a shared quote has no agreement to show
    used = {c for labels in (a, b) for q, s in labels.items() if q in shared for c in s}
    report = agreement(a, b, coders=coders, codes=[c for c in codes if c in used])
    if report.overall.n == 0:
        raise UserError("coding_no_shared_quotes", a=coders[0], b=coders[1])
    return report
