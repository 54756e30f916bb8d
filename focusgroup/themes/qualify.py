"""A theme whose subject is already another theme's label keeps that subject, qualified (issue 18, session 19).

Labels are unique, so where several themes are about one subject (a study's caseworker split into praise, wishes,
changes, the phone) the first takes the noun ("Sagsbehandler", or a parent does) and a later one fell to another
noun that few of its quotes carry: make demo's 44-quote praise theme, "sagsbehandler" in 35 of its quotes, was
labelled "Rådgiver" (5). Here such a theme takes the subject with what sets it apart, as its quotes write it:
an adjective ("Nuværende sagsbehandler"), a possessive ("Min sagsbehandler": ``phrases.POSSESSIVE``, free only
where the noun itself is taken), a preposition phrase ("Sagsbehandler på telefonen"), a verb + object
("Beholde den samme sagsbehandler") or the clause of a predicate with the subject ("Min sagsbehandler ringer
tilbage": the ``KIND`` tier's candidates) -- the candidates the labeller already has, no new kind of phrase.

When: the theme's best-scored phrase (``labels._scores``, after centrality) was refused as taken, is in at least
``SUBJECT_SHARE`` of its quotes and in at least ``SUBJECT_OVER`` times the share of the label it got, and that
label says nothing of the subject. Which: a phrase holding the subject noun as a word, in at least
``MIN_QUOTES`` and ``MIN_SHARE`` of the theme's quotes, in at least ``OVER_OWNER`` times the share it has in the
theme that holds the subject (the sibling; the rest of the study for a parent's or a kept label), not taken, and
in at least ``RATIO`` times as many quotes as the label it replaces (a qualified label in fewer quotes than an
unrelated noun is no gain to the reader).

Measured (bench/README.md, session 19, helper L): the case is rare where themes are short comments -- a theme's best
phrase was taken for 1 of own dev's 110 leaf labels (5 seeds) and 13 times in SIB's 24 runs, and none of them has a
phrase of the subject in 3 quotes -- so on, it changed no label there; it is on (the lead, session 19) because where a
study's subject is split over themes it keeps the subject readers look for, and it costs nothing where it does not fire. Make demo's "Rådgiver"
(44 quotes) has none either ("nuværende sagsbehandler" in 3, "rådgiver" in 5).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

# Session 19 (bench/README.md, helper L): it changed no label of own dev (5 seeds) or of the SIB selection folds, and on
# make demo only the rule that made "Min sagsbehandler ringer tilbage" (the KIND tier's clause before). False: before
QUALIFY = True
SUBJECT_SHARE = 0.25
SUBJECT_OVER = 2.0
MIN_QUOTES = 3
MIN_SHARE = 0.05
OVER_OWNER = 2.0
RATIO = 1.0


def qualified(scored: dict[int, list[tuple[float, str, str, float]]], labels: dict[int, str],
              first: dict[int, tuple[float, str, float]], idx: dict[int, list[int]], pool: list[dict[str, Any]],
              preds: list[dict[str, tuple[int, str]]], used: set[str], wanted: set[int], score: Callable[..., dict],
              phrase_ok: Callable[[str], bool], stem: Callable[[str], str]) -> dict[int, str]:
    """Themes given a qualified subject instead of an unrelated noun: theme -> its new label (``labels``,
    ``first`` and ``used`` updated). ``scored``: the share tier's rows per theme; ``first``: the row each labelled
    theme took; ``wanted``: the themes to label; ``pool``: every quote's candidates (``merge_variants``' form, "min X" kept); ``preds``: the
    predicates per quote; ``score``: ``labels._scores``; ``stem``: ``labels._stem_key``."""
    if not QUALIFY:
        return {}
    holder = {key: g for g, (_, key, _) in first.items()}  # lemma key -> the theme that took it here
    out: dict[int, str] = {}
    # the labelled themes, and those the share tier left without a label (their phrases all taken)
    for g in sorted([*first, *(g for g in wanted if g not in labels)], key=lambda g: -len(idx[g])):
        s0, key0, share0 = first.get(g, (-math.inf, "", 0.0))
        subject = _subject(scored.get(g, []), s0, key0, share0, used)
        if not subject:
            continue
        noun, subj_key = subject
        owner = holder.get(subj_key)
        n = len(idx[g])
        need = max(MIN_QUOTES, math.ceil(MIN_SHARE * n), math.ceil(RATIO * share0 * n - 1e-9))
        rows = [(k_in, key, form) for _, key, form, p in score({g: idx[g]}, pool, min_share=0.0, min_quotes=1)[g]
                if _holds(key, noun) and key not in (noun, subj_key) and (k_in := round(p * n)) >= need]
        rows += _clauses(preds, idx[g], noun, need)
        best = None
        for k_in, key, form in sorted(rows, key=lambda r: (-r[0], len(r[2]), r[2])):
            if form.casefold() in used or f"lemma:{key}" in used or stem(form) in used or not phrase_ok(form) \
                    or len(form.split()) > 5:
                continue
            rest = idx[owner] if owner is not None and owner != g else None
            if rest is not None and k_in / n < OVER_OWNER * _share(pool, preds, rest, key):
                continue
            best = (key, form)
            break
        if best is None:
            continue
        key, form = best
        if g in labels:
            used.difference_update({labels[g].casefold(), f"lemma:{key0}", stem(labels[g])})
        used.update({form.casefold(), f"lemma:{key}", stem(form)})
        labels[g] = out[g] = form
        first.pop(g, None)  # no "og" pair after a qualified subject: the label says what the theme is
    return out


def _holds(key: str, noun: str) -> bool:
    """The phrase has the subject noun as a word, or a compound of it ("videomøde" for "møde")."""
    from focusgroup.nlp.words import compound_of

    return any(w == noun or len(w) > len(noun) + 2 and w.endswith(noun) and compound_of(w, noun) for w in key.split())


def _subject(rows: list[tuple[float, str, str, float]], s0: float, key0: str, share0: float,
             used: set[str]) -> tuple[str, str] | None:
    """(subject noun lemma, its row's key) when the theme's best row above its label was taken and names the
    theme where the label does not; else None."""
    for s, key, form, share in rows:
        if s <= s0 or key == key0:
            return None
        if not (form.casefold() in used or f"lemma:{key}" in used):
            continue
        words = key.split()
        noun = words[-1] if len(words) == 2 and words[0] == "min" else key  # "min sagsbehandler" -> the noun
        if " " in noun or share < SUBJECT_SHARE or share < SUBJECT_OVER * share0 \
                or any(w.endswith(noun) for w in key0.split()):  # "Telefonmøderne under corona" names "møde"
            return None
        return noun, key
    return None


def _clauses(preds: list[dict[str, tuple[int, str]]], rows: list[int], noun: str,
             need: int) -> list[tuple[int, str, str]]:
    """Predicates whose clause has the subject noun as subject ("min sagsbehandler ringer tilbage"), in at least
    ``need`` quotes: (quotes, key, the clause most of them write)."""
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for i in rows:
        for key, (is_noun, clause) in preds[i].items():
            if is_noun and any(w.startswith(noun) for w in clause.split()[:3]):
                counts[key] += 1
                forms.setdefault(key, Counter())[clause] += 1
    return [(k, key, forms[key].most_common(1)[0][0]) for key, k in counts.items() if k >= need]


def _share(pool: list[dict[str, Any]], preds: list[dict[str, tuple[int, str]]], rows: list[int], key: str) -> float:
    """The share of ``rows`` (the subject's holder's quotes) that carry ``key``."""
    return sum(key in pool[i] or key in preds[i] for i in rows) / max(len(rows), 1)
