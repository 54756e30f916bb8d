"""Theme labels a researcher can keep: short Danish noun phrases in the respondents' own words.

Why not keywords: a label made of c-TF-IDF lemmas ("Dør morgen, jobplan møde og jobklub give") is a
list of dictionary forms, not a phrase, and copies respondents' misspellings. Here a label is built
from noun phrases the Danish pipeline finds in the theme's quotes (POS from ``focusgroup.nlp``):

- candidates: a noun ("ventetid"), adjective(s) + noun ("telefonisk kontakt"), noun + preposition +
  noun ("skift af sagsbehandler") and noun + "og" + noun, counted once per quote under their lemmas,
  and shown in their most frequent written form ("jobcentret", not the lemma "jobcenter");
- a candidate must occur in a fair share of the theme's quotes (``MIN_SHARE``, at least 2 quotes)
  and be more frequent there than in the rest of the study (score: share in theme x log lift);
- every word must be Danish: in wordfreq's Danish list, in the pipeline's training vocabulary, or
  a compound / derivation of such words ("tilbagemelding" = tilbage + melding) -- a respondent's
  "fnugere" never becomes a label;
- a compound counts for its head noun where a quote of the theme writes the head alone ("madaffald",
  "restaffaldet" for "affald": ``phrases.compound_heads``), unless one compound holds most of them;
- variants of one phrase are one candidate ("skifte sagsbehandler", "skift af sagsbehandler": counts
  merged, the theme's most frequent variant written), so the phrase goes to the theme it fits best;
- labels are unique: themes pick in order of score, each its best candidate not taken; a second
  candidate is joined with "og" when it is nearly as strong ("Telefonisk kontakt og ventetid");
- a theme no phrase names (or names in few quotes, ``KIND_OVER``) gets the predicate its quotes share, as
  they write it ("Folk er søde", "Min sagsbehandler ringer tilbage": ``KIND_TIER``, ``phrases.PREDICATE``);
- a theme whose best phrase is another theme's label may keep that subject, qualified as its quotes write it
  ("Min sagsbehandler" beside "Sagsbehandler": ``themes/qualify.py``; rare in short comments, ``qualify.QUALIFY``);
- else a phrase of two quotes, or the phrase of one quote most central to it (with the engine's vectors,
  ``SINGLE_TIER``), where a word of it is in two quotes as the app counts them (``FALLBACK_GATE``), else
  its most representative quote, shortened to five words.

Parents are labelled the same way, contrasting the parents with each other, from the phrases spread
over their children (``themes/parent_labels.py``). What a candidate is: ``themes/phrases.py``; the
pipeline pass and its cache: ``themes/parse_cache.py``; which phrase is central: ``themes/centrality.py``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from focusgroup.nlp.words import is_danish_word
from focusgroup.themes import qualify, text
from focusgroup.themes.centrality import Embed, rescore
from focusgroup.themes.parse_cache import _CACHE, parse, parse_candidates  # noqa: F401 (the labels' parse, as before)
from focusgroup.themes.phrases import (  # noqa: F401
    DETERMINERS,
    GENERIC_NOUNS,
    PRED_KEY,
    PREPOSITIONS,
    compound_heads,
    doc_candidates,
)
from focusgroup.themes.text import Cands, merge_variants, quote_label, stem_key

MIN_SHARE = 0.08  # a label phrase occurs in at least this share of the theme's quotes ...
MIN_QUOTES = 2  # ... and in at least this many quotes
SECOND_RATIO = 0.4  # a second phrase joins with "og" when its score is at least this share of the first
SECOND_SHARE = 0.15  # ... and both phrases occur in at least this share of the theme's quotes (two frequent
# phrases, not a keyword list; SIB-200 selection folds: 0.15 -> 0.25 cost "label names topic" 0.438 -> 0.399)
STUDY_WORD_SHARE = 0.1  # ... and the second is no word of the whole study (one in this share of all quotes:
# "sagsbehandler" on the sample study was joined to a third of the labels, "Historie og sagsbehandler")
PHRASE_BONUS = 0.5  # score x (1 + this per extra word): "direkte nummer" over "nummer"
LIFT_SMOOTHING = 0.1  # added to both shares in the lift: larger favours frequent, broader words (SIB-200 train+dev: 0.01 -> 0.1 raised "label names the topic" 0.52 -> 0.55)
COVERAGE_POWER = 1.0  # score = share ** this x log lift x phrase bonus: above 1 favours covering more quotes
MAX_WORDS = 5
OWN_KEY = "min "  # phrases.doc_candidates' key of a first-person possessive + noun
# A phrase in at least this share of a theme's quotes is that theme's before any other's (make demo, session 15:
# "jobklub" in 23 of 34 quotes of the jobklub theme went to a sibling where it is in 9 of 26, more central to
# that theme's centroid; the jobklub theme was left "Døren om morgenen"). 1.1: off.
DOMINANT_SHARE = 0.5
SINGLE_TIER = True  # no phrase in 2 quotes: the most central phrase of one quote, not a shortened quote
# (SIB-200 selection folds of 200 sentences, with parents: "label names topic" 0.383 -> 0.423)
# A label of the loose tiers (a phrase of 2+ quotes, or of one) only where the app's "Etiketten i" figure
# (``stats.label_share``: quotes that carry the label's words) is at least this many quotes and this share of the
# theme's (session 18, issue 18: make demo's "Kaffen" in 1 of 18 quotes of short praise)
FALLBACK_MIN_HITS = 2
FALLBACK_MIN_SHARE = 0.0
FALLBACK_GATE = True  # False: before session 18
FALLBACK_ANY_WORD = True  # False: every word of the label in that many quotes (the app's figure itself)
# A theme no noun phrase names, whose quotes share a predicate ("De ansatte er søde": ``phrases.PREDICATE``) in at
# least this share and this many quotes, is labelled by it before the loose tiers (session 18)
KIND_TIER = True  # False: before session 18
KIND_SHARE = 0.25
KIND_MIN_QUOTES = 3
KIND_OVER = 0.25  # ... and before a phrase label in fewer than this share of the quotes (0: never)
# Session 19 (bench/README.md, helper L; on by the lead for readability, though they moved no own-dev label): no "og"
# pair of two words of one or two quotes each ("Systemtænkningen og fald", 2 and 2 of 13 quotes, on make demo), no
# idiom noun; own dev's labels unchanged (5 seeds), SIB selection folds .514 -> .510 (within seed noise; a share of .2: .500)
PAIR_MIN_QUOTES = 3  # one phrase of an "og" pair is in at least this many quotes ...
PAIR_MIN_SHARE = 0.17  # ... or in this share of its quotes
IDIOM_LABELS = True  # "fald", "orden" of idioms ("i hvert fald", text.IDIOM_NOUNS) are no label words (False: before)
MAX_QUOTES_PER_THEME = 300  # candidates of at most this many quotes per theme (speed on 10k studies)


def _phrase_ok(form: str) -> bool:
    return all(w in PREPOSITIONS or w in DETERMINERS or w == "og" or is_danish_word(w.rstrip(",")) for w in form.split())


def _best_form(key: str, forms: Counter) -> str | None:
    """The dictionary form when respondents wrote it ("jobklub" over "jobklubben": a label names the
    thing, not one mention of it), else the most frequent written form; all words Danish."""
    if key in forms and _phrase_ok(key):
        caps = key.upper()  # an acronym most respondents write in capitals: "SFO", not "sfo" ("Sfo og børn")
        return caps if " " not in key and forms.get(caps, 0) > forms[key] else key
    # then indefinite forms ("atomer" before "atomerne", "show" before "showet"), most frequent first
    for form, _ in sorted(forms.items(), key=lambda kv: (_definite(key, kv[0]), -kv[1], len(kv[0]), kv[0])):
        if _phrase_ok(form):
            return form
    return None


GENITIVE_BARE = True  # False: a genitive form may be a label as written (before session 15)
GENITIVE_ENDINGS = ("ens", "ets", "nes", "ers")


def bare_genitives(label: str) -> str:
    """A label's genitive nouns without their -s ("Skolens og barn" -> "Skolen og barn", "Månens" ->
    "Månen"): a label names a thing, not its owner. Only the written form changes, after the choice (the
    phrase, its score and which theme takes it are the same), and only where the bare form is a Danish word
    with the same noun lemma, and not before the noun it owns ("Brevets sprog"); a plural in -s ("shows",
    "jobs") has none of these endings."""
    from focusgroup.nlp.components import lemma_for

    words = label.split()
    for i, w in enumerate(words):
        low = w.lower()
        owner = i + 1 < len(words) and words[i + 1] != "og" and words[i + 1] not in PREPOSITIONS  # "brevets sprog"
        if not owner and low.endswith(GENITIVE_ENDINGS) and len(low) > 4 and is_danish_word(low[:-1]) \
                and lemma_for(low[:-1], "NOUN") == lemma_for(low, "NOUN"):
            words[i] = w[:-1]
    return " ".join(words)


def _definite(key: str, form: str) -> bool:
    """A definite noun form ("showet", "brevene", "møderne") where the lemma is not one itself."""
    last, last_key = form.split()[-1].lower(), key.split()[-1]
    return last != last_key and last.endswith(("en", "et", "ne")) and not last_key.endswith(("en", "et", "ne"))


def _scores(groups: dict[int, list[int]], cands: Cands,
            min_share: float | None = None, min_quotes: int | None = None) -> dict[int, list[tuple[float, str, str, float]]]:
    """Per group: (score, key, written form, share) for every candidate that passes the share rule (default
    ``MIN_SHARE``, ``MIN_QUOTES`` as set when called: a bench's setting takes effect)."""
    min_share = MIN_SHARE if min_share is None else min_share
    min_quotes = MIN_QUOTES if min_quotes is None else min_quotes
    total: Counter = Counter()
    for c in cands:
        total.update(c.keys())
    n_all = max(len(cands), 1)
    out: dict[int, list[tuple[float, str, str, float]]] = {}
    for g, idx in groups.items():
        n = len(idx)
        counts: Counter = Counter()
        forms: dict[str, dict[str, Counter]] = {}  # family key -> variant key -> written forms
        n_words: dict[str, int] = {}
        for i in idx:
            for key, (nw, form, variant) in cands[i].items():
                counts[key] += 1
                forms.setdefault(key, {}).setdefault(variant, Counter())[form] += 1
                n_words[key] = nw
        need = max(min_quotes, math.ceil(min_share * n))
        rows = []
        for key, k in counts.items():
            if k < need:
                continue
            p_in = k / n
            rest = n_all - n
            p_out = (total[key] - k) / rest if rest > 0 else 0.0
            lift = math.log((p_in + LIFT_SMOOTHING) / (p_out + LIFT_SMOOTHING))
            if lift <= 0:
                continue
            variants = sorted(forms[key].items(), key=lambda kv: (-kv[1].total(), kv[0]))  # most frequent first
            compounds = [fs.total() for v, fs in variants if v != key and " " not in key]
            if compounds:  # quotes that write a compound of the key (phrases.compound_heads) count for it
                if key not in forms[key]:  # only where a quote writes the head alone, so "Kort" never
                    continue  # gathers "kørekort", "pendlerkort", "sygesikringskort"
                if compounds[0] * 2 > k:  # and not where one compound holds most of them: that compound
                    continue  # is its own candidate ("Hjemmeplejen", not "Plejen"; "Jobplan" leaves "plan" free)
                variants = [(key, forms[key][key])]  # the head as written alone: "Affald"
            form = next((f for v, fs in variants if (f := _best_form(v, fs)) is not None), None)
            if form is None:
                continue
            bonus = 1.0 + PHRASE_BONUS * (n_words[key] - 1)
            rows.append((p_in ** COVERAGE_POWER * lift * bonus, key, form, p_in))
        out[g] = sorted(rows, reverse=True)
    return out


def _lemmas(key: str) -> set[str]:
    return {w for w in key.split() if w not in PREPOSITIONS and w != "og"}


def _overlap(key: str, key2: str) -> bool:
    """True when a word of one phrase contains a word of the other (compounds: "skiløb" holds "ski")."""
    a, b = _lemmas(key), _lemmas(key2)
    return any(x in y or y in x for x in a for y in b)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_labels(groups: dict[int, list[str]], representatives: dict[int, list[str]] | None = None,
                 taken: Iterable[str] = (), only: Iterable[int] | None = None,
                 centroids: dict[int, Any] | None = None, embed: Embed | None = None,
                 keep: Callable[[int, str], bool] | None = None, fallback: bool = True,
                 pairs: bool = True, tiers: dict[int, str] | None = None) -> dict[int, str]:
    """Unique Danish labels for groups of quote texts (key -> texts); ``taken`` labels are not reused.

    Every group is the contrast for the others, but only the groups in ``only`` (default: all) get a
    label, so a researcher's edit relabels the changed themes and keeps the rest.
    ``representatives`` (key -> most representative texts first) feed the fallback for a group
    without a qualifying phrase. With ``centroids`` (key -> unit vector of the group's quotes) and
    ``embed`` (texts -> vectors from the same engine), the qualifying phrases are ordered by how central
    they are to their group (``themes/centrality.py``) instead of by counts alone. ``keep`` (group, lemma
    key) -> bool limits the phrases a group may take (parents: ``themes/parent_labels.py``); without
    ``fallback`` a group with no qualifying phrase gets no label (no loose tier, no quote); without
    ``pairs`` no second phrase is joined with "og". ``tiers``, when given, is filled with the rule that
    made each label ("share", "qualified", "kind", "loose", "single", "quote"; bench/bench_labels_own.py counts them).
    """
    representatives = representatives or {}
    wanted = set(groups) if only is None else set(only)
    texts: list[str] = []
    idx: dict[int, list[int]] = {}
    for g, members in groups.items():
        step = max(1, math.ceil(len(members) / MAX_QUOTES_PER_THEME))
        members = members[::step]
        idx[g] = list(range(len(texts), len(texts) + len(members)))
        texts.extend(members)
    raw = parse_candidates(texts)
    preds = [{k: v for k, v in c.items() if k.startswith(PRED_KEY)} for c in raw]  # predicates: the KIND tier
    cands, families = merge_variants([{k: v for k, v in c.items() if not k.startswith(PRED_KEY)} for c in raw],
                                     _best_form)
    cands = compound_heads(cands)
    if IDIOM_LABELS:  # "i hvert fald": "Systemtænkningen og fald" on make demo (text.IDIOM_NOUNS name no topic)
        cands = [{k: v for k, v in c.items() if k not in text.IDIOM_NOUNS} for c in cands]
    pool = cands  # "min X" wherever X is: a qualified subject may be another theme's noun (themes/qualify.py)
    own = {t.casefold() for t in taken}  # "min sagsbehandler" only where "Sagsbehandler" is taken (phrases.POSSESSIVE)
    cands = [{k: v for k, v in c.items() if not k.startswith(OWN_KEY) or k[len(OWN_KEY):] in own} for c in cands]
    study: Counter = Counter(key for c in cands for key in c)
    scored = _scores(idx, cands)
    if keep is not None:
        scored = {g: [r for r in rows if any(keep(g, k) for k in families.get(r[1], {r[1]}))] for g, rows in scored.items()}
    if centroids and embed is not None:
        scored = rescore(scored, centroids, embed)
    used = {t.casefold() for t in taken}
    used |= {f"lemma:{t.casefold()}" for t in taken}  # a kept label ("Jobklub") is no other theme's first phrase
    used |= {_pair_key(t) for t in taken} | {_stem_key(t) for t in taken}
    labels: dict[int, str] = {}
    first: dict[int, tuple[float, str, float]] = {}
    tiers = {} if tiers is None else tiers
    _greedy(scored, wanted, used, labels, first)
    tiers.update(dict.fromkeys(labels, "share"))
    tiers.update(dict.fromkeys(qualify.qualified(scored, labels, first, idx, pool, preds, used, wanted, _scores, _phrase_ok,
                                                 _stem_key), "qualified"))
    if KIND_TIER and fallback:
        weak = {g: share for g, (_, _, share) in first.items() if share < KIND_OVER}
        found: dict[int, str] = {}
        _kind(preds, {g: idx[g] for g in [*sorted(wanted - set(labels)), *weak]}, used, found, weak)
        for g, form in found.items():
            labels[g], tiers[g] = form, "kind"
            first.pop(g, None)  # no "og" pair after a clause
    if fallback and wanted - set(labels):  # second tier: any phrase of two or more quotes, before falling back to a quote
        loose = _scores({g: idx[g] for g in wanted - set(labels)}, cands, min_share=0.0)
        _greedy(_carried(loose, groups), wanted, used, labels, {})
        tiers.update({g: "loose" for g in labels if g not in tiers})
    if SINGLE_TIER and fallback and centroids and embed is not None and wanted - set(labels):
        single = _scores({g: idx[g] for g in wanted - set(labels)}, cands, min_share=0.0, min_quotes=1)
        _greedy(rescore(_carried(single, groups), centroids, embed), wanted, used, labels, {})
        tiers.update({g: "single" for g in labels if g not in tiers})
    for g, (s, key, share) in first.items():
        if share < SECOND_SHARE or not pairs:
            continue
        for s2, key2, form2, share2 in scored[g]:
            if key2 == key or s2 < SECOND_RATIO * s or share2 < SECOND_SHARE \
                    or study[key2] >= STUDY_WORD_SHARE * len(cands):
                continue
            if _lemmas(key2) & _lemmas(key) or " og " in f" {key2} " or " og " in f" {key} ":
                continue
            if _stem_key(form2).startswith("stem:") and _stem_key(form2) in used:  # another theme's phrase
                continue
            if max(share, share2) < PAIR_MIN_SHARE and max(share, share2) * len(idx[g]) < PAIR_MIN_QUOTES - 0.5:
                continue  # "Systemtænkningen og fald": 2 and 2 of 13 quotes
            if _overlap(key, key2):  # "Skiløb og ski": one thing twice (a parent's word may recur here:
                # "Borger og sagsbehandler" under "Sagsbehandler" says more than "Borger")
                continue
            joined = f"{labels[g]} og {form2}"
            if len(joined.split()) <= MAX_WORDS and joined.casefold() not in used and _pair_key(joined) not in used:
                used.discard(labels[g].casefold())
                labels[g] = joined
                used.update({joined.casefold(), _pair_key(joined)})
            break
    for g in groups:
        if fallback and g in wanted and g not in labels:
            labels[g] = quote_label(representatives.get(g) or groups[g], used, MAX_WORDS)
            used.add(labels[g].casefold())
            tiers[g] = "quote"
    return {g: _capital(bare_genitives(lab) if GENITIVE_BARE else lab) for g, lab in labels.items()}


def _kind(preds: list[dict[str, tuple[int, str]]], idx: dict[int, list[int]], used: set[str],
          labels: dict[int, str], weak: dict[int, float]) -> None:
    """The KIND tier: a predicate shared by ``KIND_SHARE`` of a theme's quotes (at least ``KIND_MIN_QUOTES``), more
    often than in the rest of the study, written as the clause most of its quotes with a noun subject write ("de
    ansatte er søde"; the shortest of equals); a theme whose quotes give it only after a pronoun gets none. A theme
    in ``weak`` (its phrase label's share) takes one only in at least twice that share."""
    total: Counter = Counter(k for c in preds for k in c)
    n_all = max(len(preds), 1)
    for g, rows in sorted(idx.items(), key=lambda kv: -len(kv[1])):
        n = len(rows)
        counts: Counter = Counter(k for i in rows for k in preds[i])
        need = max(KIND_MIN_QUOTES, math.ceil(KIND_SHARE * n))
        for key, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if k < need or k / n <= (total[key] - k) / max(n_all - n, 1) or f"lemma:{key}" in used \
                    or k / n < 2 * weak.get(g, 0.0):
                continue
            forms = Counter(preds[i][key][1] for i in rows if key in preds[i] and preds[i][key][0])
            form = next((f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
                         if len(f.split()) <= MAX_WORDS and _phrase_ok(f) and f.casefold() not in used), None)
            if form is not None:
                labels[g] = form
                used.update({form.casefold(), f"lemma:{key}"})
                break


def _carried(scored: dict[int, list], groups: dict[int, list[str]]) -> dict[int, list]:
    """The loose tiers' candidates whose written form the theme's quotes carry as the app counts it
    (``FALLBACK_MIN_HITS``, ``FALLBACK_MIN_SHARE``; ``stats.label_share`` with the search page's stem finder)."""
    if not FALLBACK_GATE:
        return scored
    from focusgroup.search import stem_finder
    from focusgroup.stats.label_share import label_hits

    out = {}
    for g, rows in scored.items():
        find = stem_finder(groups[g])
        need = max(FALLBACK_MIN_HITS, FALLBACK_MIN_SHARE * len(groups[g]))
        out[g] = [r for r in rows if max([label_hits(r[2], find)] + [label_hits(w, find) for w in r[2].split()
                                                                     if FALLBACK_ANY_WORD]) >= need]
    return out


def _pair_key(label: str) -> str:
    """"Kursus og praktik" and "Praktik og kursus" are one label: the words of a pair, in any order."""
    return "pair:" + " ".join(sorted(w for w in label.casefold().split() if w != "og"))


def _stem_key(label: str) -> str:
    """A kept label's variants are taken too ("Skift af sagsbehandler" kept: no leaf "Skifte sagsbehandler")."""
    key = stem_key(label)
    return f"stem:{key}" if text.MERGE_VARIANTS and len(key.split()) >= 2 else label.casefold()


def _greedy(scored: dict, wanted: set[int], used: set[str], labels: dict[int, str],
            first: dict[int, tuple[float, str, float]]) -> None:
    """The strongest (theme, phrase) pair first, so a phrase goes to the theme it fits best; but a phrase
    written in most of a theme's quotes (``DOMINANT_SHARE``) is no other theme's while that theme has no label
    (it may still choose a longer phrase: "God hjælp" keeps "hjælp" from the others and takes the pair)."""
    pairs = sorted(((s, g, key, form, share) for g, rows in scored.items() if g in wanted
                    for s, key, form, share in rows), reverse=True)
    owner: dict[str, tuple[float, int]] = {}
    for _, g, key, _, share in pairs:
        if share >= DOMINANT_SHARE and share > owner.get(key, (0.0, g))[0]:
            owner[key] = (share, g)
    for s, g, key, form, share in pairs:
        # unique by written form and by lemma ("Menneske" and "Mennesker" are one label)
        if g in labels or form.casefold() in used or f"lemma:{key}" in used or _stem_key(form) in used:
            continue
        if key in owner and owner[key][1] != g and owner[key][1] not in labels:
            continue
        first[g] = (s, key, share)
        labels[g] = form
        used.update({form.casefold(), f"lemma:{key}", _stem_key(form)})
