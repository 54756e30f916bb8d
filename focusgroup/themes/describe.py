"""What a researcher needs to judge a theme: a short Danish label, keywords, size, how many distinct
speakers and sources mention it (coverage matters more than volume in focus groups), the most
representative quotes (key quotes first) and its place in a small theme hierarchy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from focusgroup import messages
from focusgroup.records import Theme
from focusgroup.stats import counts as counting
from focusgroup.themes import labels, parent_labels, parse_cache
from focusgroup.themes.state import RunState
from focusgroup.themes.text import TOKEN_PATTERN, lemma_strings, stop_words

N_REPRESENTATIVE = 5
MIN_THEMES_FOR_HIERARCHY = 6
MAX_PARENT_SHARE = 0.3  # of the quotes; 0.4/0.3/0.25 tried on SIB-200 train/dev folds (bench/README.md)


def make_label(keyphrases: list[str], keywords: list[str], n_terms: int = 3) -> str:
    """"Ventetid, sagsbehandler og møde": distinct terms, keyphrases first, no term inside another."""
    chosen: list[str] = []
    for term in [*keyphrases, *keywords]:
        term = term.strip()
        if not term or not distinct_words(term) or any(term in c or c in term for c in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n_terms:
            break
    if not chosen:
        return "Tema"  # only seed-word themes come here, and they always have words
    text = chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " og " + chosen[-1]
    return text[0].upper() + text[1:]


def distinct_words(term: str) -> bool:
    """False for n-grams that repeat a lemma ("hjælp hjælp"): noise from repeated words in one answer."""
    words = term.split()
    return len(set(words)) == len(words)


def ctfidf_keywords(docs_per_theme: dict[int, list[str]], top_n: int = 10) -> dict[int, list[str]]:
    """c-TF-IDF (reduce_frequent_words) over lemma strings, for themes changed by the researcher."""
    from sklearn.feature_extraction.text import CountVectorizer

    keys = list(docs_per_theme)
    joined = [" ".join(docs_per_theme[k]) for k in keys]
    cv = CountVectorizer(ngram_range=(1, 2), stop_words=sorted(stop_words()), token_pattern=TOKEN_PATTERN)
    try:
        counts = cv.fit_transform(joined)
    except ValueError:
        return {k: [] for k in keys}
    weights = class_tfidf(counts)
    words = cv.get_feature_names_out()
    out = {}
    for row, k in zip(weights, keys, strict=True):
        order = np.argsort(-row)[:top_n]
        out[k] = [str(words[i]) for i in order if row[i] > 0 and distinct_words(str(words[i]))]
    return out


def class_tfidf(counts: Any) -> np.ndarray:
    """BERTopic's ``ClassTfidfTransformer(reduce_frequent_words=True).fit_transform`` (0.17), the same
    operations in the same order, so the weights are equal to the bit (tests/test_ctfidf.py).

    Importing ``bertopic`` for this one class pulled in sentence-transformers, transformers and UMAP:
    ~60 % of the CPU and most of the 1 GB of memory of a theme merge or split in a fresh process (the
    app's first edit of a session; bench/README.md "Session 18 (helper E)")."""
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    x = sp.csr_matrix(counts) if not sp.issparse(counts) else counts
    df = np.squeeze(np.asarray(x.sum(axis=0)))
    avg_nr_samples = int(x.sum(axis=1).mean())
    idf = np.log((avg_nr_samples / df) + 1)
    n = x.shape[1]
    idf_diag = sp.diags(idf, offsets=0, shape=(n, n), format="csr", dtype=np.float64)
    x = normalize(x, axis=1, norm="l1", copy=False)
    x.data = np.sqrt(x.data)
    return (x * idf_diag).toarray()


def _embedder(project: Any, state: RunState) -> Any:
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import get_embedder

    runs = {r["id"]: r for r in project.runs()}
    params = runs.get(state.run_id, {}).get("params", {})
    return get_embedder(params.get("embedder") or DEFAULT_EMBEDDER)


def _vectors(project: Any, state: RunState, qids: list[int], quotes: dict) -> dict[int, np.ndarray]:
    from focusgroup.embed import embed_texts

    vecs = embed_texts([quotes[q].text for q in qids], _embedder(project, state), project)
    return dict(zip(qids, vecs, strict=True))


def _phrase_embed(project: Any, state: RunState) -> labels.Embed | None:
    """Label phrases embedded by the run's engine (cached in the project), for ``themes/centrality.py``;
    None for an engine whose vectors depend on the whole corpus (TF-IDF): counts alone order the phrases."""
    from focusgroup.embed import embed_texts
    from focusgroup.errors import UserValueError

    try:
        emb = _embedder(project, state)
    except (UserValueError, OSError):
        return None
    if not emb.cacheable:
        return None
    return lambda texts: embed_texts(texts, emb, project)


def describe_state(project: Any, state: RunState, vectors: dict[int, np.ndarray] | None = None,
                   keyphrases: dict[int, list[str]] | None = None) -> None:
    """Fill every leaf theme's numbers, keywords (when missing), label (unless locked),
    representatives, and rebuild the hierarchy level."""
    keyphrases = keyphrases or {}
    for key in [k for k in state.themes if not state.members(k)]:
        state.drop(key)
    members = {k: state.members(k) for k in state.themes}
    all_ids = sorted({q for m in members.values() for q in m})
    quotes = {q.id: q for q in project.quotes(ids=all_ids)} if all_ids else {}
    if vectors is None and all_ids:
        vectors = _vectors(project, state, all_ids, quotes)
    vectors = vectors or {}
    need_kw = [k for k in state.themes if not state.themes[k].keywords]
    if need_kw:
        lemmas = dict(zip(all_ids, lemma_strings([quotes[q].text for q in all_ids], project), strict=True))
        computed = ctfidf_keywords({k: [lemmas[q] for q in members[k]] for k in state.themes})
        for k in need_kw:
            state.themes[k].keywords = computed.get(k, [])
    key_quotes = project.key_quotes()
    centroids: dict[int, np.ndarray] = {}
    for k, theme in state.themes.items():
        ids = [q for q in members[k] if q in quotes]
        figures = counting.of_quotes(quotes[q] for q in ids)  # stats.counts: the figures every view shows
        theme.size, theme.n_speakers, theme.n_sources = figures.size, figures.speakers, figures.sources
        if ids and all(q in vectors for q in ids):
            mat = np.vstack([vectors[q] for q in ids])
            c = mat.mean(axis=0)
            centroids[k] = c / (np.linalg.norm(c) or 1.0)
            theme.representative_quote_ids = _representatives(ids, mat, centroids[k], key_quotes)
        else:
            theme.representative_quote_ids = [q for q in ids if q in key_quotes][:N_REPRESENTATIVE]
    embed = _phrase_embed(project, state) if len(centroids) == len(state.themes) else None
    unparsed = parse_cache.preload(project, [quotes[q].text for q in all_ids])  # the parses analyze kept
    label_and_group(state, members, quotes, centroids, embed)
    parse_cache.keep(project, unparsed)


def label_and_group(state: RunState, members: dict[int, list[int]], quotes: dict, centroids: dict[int, np.ndarray],
                    embed: labels.Embed | None = None) -> None:
    """The hierarchy level and every label: parents (``state.parents``) on the leaves' ``centroids``,
    then the changed leaves' labels, then the parents left without a phrase, and the parents'
    descriptions. ``members``: quote ids per leaf; ``quotes``: id -> quote (``records.Quote``: text,
    speaker, source); leaves' ``size``, ``keywords`` and ``representative_quote_ids`` already set.
    ``describe_state`` calls it for analyze and every edit; batch for its fit on the sample
    (``batch/themefit.py``), so a batch project gets the same parents and labels."""
    # Labels: short Danish phrases from the quotes (themes/labels.py). Parents first, as the broader
    # phrase ("Sagsbehandler") belongs to the parent and its children take narrower ones; but only a
    # phrase spread over its children, so a child keeps the phrase that names it.
    state.parents, held = _hierarchy(state, centroids, members, quotes)
    label_leaves(state, members, quotes, taken=[p.label for p in state.parents if p.label],
                        centroids=centroids if embed else None, embed=embed)
    # A parent an edit left with its quotes keeps its label; a half of it that named a child whose label
    # changed (renamed, or relabelled after a merge or split) follows that child (themes/parent_labels.py).
    for i, parent in enumerate(state.parents):
        if held[i]:
            parent.label = _follow_children(state, i, parent.label, members)
    # A parent without a phrase spread over its children is named after its two largest children.
    kids = [sorted(((k, t) for k, t in state.themes.items() if t.parent_id == -1 - i), key=lambda kt: -kt[1].size)
            for i in range(len(state.parents))]
    # a child's label in few of its own quotes names no parent ("Kørekort til lastbil", 2 of 16): the app's share
    shares = [[_label_share(t.label, [quotes[q].text for q in members[k] if q in quotes]) if not p.label else 1.0
               for k, t in ks] for p, ks in zip(state.parents, kids, strict=True)]
    parent_labels.finish_parents(state.parents, [[t.label for _, t in ks] for ks in kids],
                                 [t.label for t in state.themes.values()],
                                 [[quotes[q].text for q in p.representative_quote_ids if q in quotes]
                                  for p in state.parents],
                                 fixed=[state.themes[k].label for k in state.locked if k in state.themes],
                                 shares=shares)
    for i, parent in enumerate(state.parents):
        children = sorted((t for t in state.themes.values() if t.parent_id == -1 - i), key=lambda t: -t.size)
        parent.description = messages.text("theme_parent_description", children="; ".join(t.label for t in children))


def _label_share(label: str, texts: list[str]) -> float:
    """The share of ``texts`` (a child's quotes) that carry ``label``, as the app's theme table counts it."""
    from focusgroup.stats.label_share import label_hits_in

    return label_hits_in(label, texts) / len(texts) if texts else 0.0


def _follow_children(state: RunState, i: int, label: str, members: dict[int, list[int]]) -> str:
    """A kept parent label after an edit: a half that named a child follows that child's new label, or
    the label of the child it was merged into ("Døren om morgenen og breve" -> "Post og breve" when
    "Døren om morgenen" and a third child were merged under the name "Post"); "" (named afresh by
    ``finish_parents``) when both halves now name one child, as after merging the two children the pair
    named."""
    kids = {k: t for k, t in state.themes.items() if t.parent_id == -1 - i}
    by_id = {t.id: t for t in kids.values() if t.id is not None}
    alive = {t.id for t in state.themes.values()}
    heirs: dict[str, Any] = {}  # a child's label before the edit -> the child holding its quotes now
    firsts: dict[str, tuple[Any, str]] = {}
    for leaf, old in state.leaf_labels_before.items():
        heir = by_id.get(leaf)
        if heir is None and leaf not in alive and kids:  # merged away: the child with most of its quotes
            qs = state.leaf_quotes_before.get(leaf, frozenset())
            best = max(kids, key=lambda k: len(qs.intersection(members[k])))
            heir = kids[best] if qs.intersection(members[best]) else None
        if heir is not None and heir.label:
            heirs[old.casefold()] = heir
            # a pair names a child by its first phrase ("Svar" of "Svar og praktik": finish_parents)
            firsts.setdefault(old.split(" og ")[0].casefold(), (heir, heir.label.split(" og ")[0]))
    if label.endswith(" m.fl.") and (heir := heirs.get(label.removesuffix(" m.fl.").casefold())) is not None:
        return f"{heir.label} m.fl."  # a parent named after one child (finish_parents) follows that child
    halves = [heirs.get(h.casefold()) or firsts.get(h.casefold(), (None,))[0] for h in label.split(" og ")]
    if len(halves) == 2 and halves[0] is not None and halves[0] is halves[1]:
        return ""
    renamed = {first: new for first, (_, new) in firsts.items() if new.casefold() != first}
    renamed |= {old: t.label for old, t in heirs.items() if t.label.casefold() != old}
    new = parent_labels.follow_renames(label, renamed)
    # too long a pair, or a chain of "og" (a half followed a name with its own "og"): named afresh
    return new if new == label or (parent_labels.pair_words(new) and new.count(" og ") <= 1) else ""


def label_leaves(state, members: dict[int, list[int]], quotes: dict, taken: Iterable[str] = (),
                 centroids: dict[int, Any] | None = None, embed: labels.Embed | None = None) -> None:
    """Relabel the changed themes of a RunState (not the researcher's renamed ones), unique against
    every label kept, with all themes as the contrast."""
    relabel = [k for k in state.themes if k in state.dirty and k not in state.locked]
    if not relabel:
        return
    groups = {k: [quotes[q].text for q in members[k] if q in quotes] for k in state.themes}
    reps = {k: [quotes[q].text for q in state.themes[k].representative_quote_ids if q in quotes] for k in relabel}
    taken = [*taken, *(t.label for k, t in state.themes.items() if k not in relabel and t.label)]
    new = labels.build_labels(groups, reps, taken, only=relabel, centroids=centroids, embed=embed)
    for k in relabel:
        state.themes[k].label = new[k]


def _representatives(ids: list[int], mat: np.ndarray, centroid: np.ndarray, key_quotes: set[int]) -> list[int]:
    """Key quotes first, then the most central quotes, skipping near-duplicates of chosen ones."""
    chosen = [q for q in ids if q in key_quotes][:N_REPRESENTATIVE]
    chosen_vecs = [mat[ids.index(q)] for q in chosen]
    for i in np.argsort(-(mat @ centroid), kind="stable"):
        if len(chosen) >= N_REPRESENTATIVE:
            break
        if ids[i] in chosen or any(float(mat[i] @ v) > 0.97 for v in chosen_vecs):
            continue
        chosen.append(ids[i])
        chosen_vecs.append(mat[i])
    return chosen


def parent_groups(centroids: np.ndarray, sizes: np.ndarray | None = None) -> np.ndarray:
    """A parent group per theme: Ward on the theme centroids, about sqrt(themes) groups, and no parent
    holding more than ``MAX_PARENT_SHARE`` of the quotes (``sizes``: quotes per theme; default 1 each).

    Ward on unit vectors (euclidean there ranks like cosine): average linkage chained most themes into
    one parent on the sample study, which is no hierarchy at all. The centroids are first centred on
    their mean: e5 vectors share one large common direction (any two theme centroids have cosine
    ~.95), which drowns the differences of meaning. A group over the share is split in two along the
    Ward tree until none is: the sqrt cut left a remainder parent of 11 unrelated children (42% of the
    quotes, no phrase in more than 9% of them) on the sample study. Measured on SIB-200 train/dev folds
    (bench/README.md, issue 18 parents): parent NMI .312 -> .342 (centring) -> .379 (split)."""
    from sklearn.cluster import AgglomerativeClustering

    def unit(a: np.ndarray) -> np.ndarray:
        return a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)

    def ward(a: np.ndarray, k: int) -> np.ndarray:
        return AgglomerativeClustering(n_clusters=min(k, len(a)), linkage="ward").fit_predict(a)

    x = unit(centroids)
    x = unit(x - x.mean(axis=0))
    weight = np.ones(len(x)) if sizes is None else np.asarray(sizes, dtype=float)
    groups = ward(x, max(2, round(len(x) ** 0.5)))
    while True:
        share = {g: weight[groups == g].sum() / max(weight.sum(), 1e-12) for g in set(groups.tolist())}
        big = [g for g in sorted(share, key=lambda g: -share[g]) if share[g] > MAX_PARENT_SHARE
               and (groups == g).sum() >= 2]
        if not big:
            return groups
        idx = np.flatnonzero(groups == big[0])
        halves = ward(x[idx], 2) if len(idx) > 2 else np.array([0, 1])
        groups = groups.copy()
        groups[idx[halves == 1]] = groups.max() + 1


def _hierarchy(state: RunState, centroids: dict[int, np.ndarray], members: dict[int, list[int]],
               quotes: dict) -> tuple[list[Theme], list[bool]]:
    """Group similar themes under parent themes (agglomerative on theme centroids; after an edit, as
    before it: ``_groups_before``); which parents kept the label they had before the edit (the same
    quotes, ``state.parent_labels_before``, or the same children, ``state.parent_children_before``)."""
    keys = [k for k in state.themes if k in centroids]
    for t in state.themes.values():
        t.parent_id = None
    if len(keys) < MIN_THEMES_FOR_HIERARCHY:
        return [], []
    groups = _groups_before(state, keys, members)
    if groups is None:
        sizes = np.array([len(members[k]) for k in keys])
        groups = parent_groups(np.vstack([centroids[k] for k in keys]), sizes)
    parents: list[Theme] = []
    parent_texts: list[list[list[str]]] = []  # per parent, its children's quote texts
    parent_quotes: list[set[int]] = []
    for g in sorted(set(groups.tolist())):
        children = sorted((k for k, gg in zip(keys, groups, strict=True) if gg == g),
                          key=lambda k: -state.themes[k].size)
        if len(children) < 2:
            continue
        ids = [q for k in children for q in members[k] if q in quotes]
        words: list[str] = []
        for k in children:  # interleave the children's keywords, largest theme first
            words.extend(w for w in state.themes[k].keywords[:3] if w not in words)
        figures = counting.of_quotes(quotes[q] for q in ids)
        parent = Theme(
            label=make_label([], words, 2), keywords=words[:10], size=figures.size,
            n_speakers=figures.speakers, n_sources=figures.sources,
            representative_quote_ids=[q for k in children for q in state.themes[k].representative_quote_ids[:1]],
        )
        parents.append(parent)
        parent_quotes.append(set(ids))
        parent_texts.append([[quotes[q].text for q in members[k] if q in quotes] for k in children])
        for k in children:
            state.themes[k].parent_id = -len(parents)  # -1-index into parents
    kept = [t.label for k, t in state.themes.items() if k not in state.dirty or k in state.locked]
    # Parents by counts alone: a parent's label should cover its children, and centrality picked the
    # narrow "Telefonmøderne under corona" (9% of its quotes) over "Møde og telefon" (36% + 28%). Only
    # phrases spread over two children or more (themes/parent_labels.py).
    held = parent_labels.keep_labels(parents, parent_quotes, state.parent_labels_before)
    for i, parent in enumerate(parents):  # the same children (a merge into one of them): the same label
        kids = frozenset(state.themes[k].id for k, t in state.themes.items() if t.parent_id == -1 - i)
        if not held[i] and None not in kids and (old := state.parent_children_before.get(kids)):
            parent.label, held[i] = old, True
    rest = [i for i, h in enumerate(held) if not h]
    parent_labels.label_parents([parents[i] for i in rest], [parent_texts[i] for i in rest],
                                [*kept, *(p.label for p, h in zip(parents, held, strict=True) if h)])
    return parents, held


def _groups_before(state: RunState, keys: list[int], members: dict[int, list[int]]) -> np.ndarray | None:
    """After an edit, each theme stays under the parent that held most of its quotes before it (a merged
    theme under the parent of most of its quotes, the kept theme's on a tie; a split part under its
    theme's; a theme at the top level stays there); None when the run had no parents (a fresh analysis:
    ``parent_groups``). Regrouping by the new centroids reshuffled the hierarchy on any edit: on the
    sample survey (tfidf) merging two children of 'Døren om morgenen og breve' moved two themes of
    'Forløb og mindre kontrol' under it, dissolved that parent into two others and relabelled three
    parents, none of them named in the edit, without a word to the researcher."""
    if not state.parent_of_before:
        return None
    parent_of = {q: state.parent_of_before.get(leaf) for leaf, qs in state.leaf_quotes_before.items() for q in qs}
    groups, alone = [], -1
    for k in keys:
        own = state.parent_of_before.get(state.themes[k].id) if state.themes[k].id is not None else None
        votes: dict[int | None, int] = {}
        for q in members[k]:
            if q in parent_of:
                votes[parent_of[q]] = votes.get(parent_of[q], 0) + 1
        parent = max(votes, key=lambda p: (votes[p], p == own)) if votes else own
        if parent is None:  # a group of its own: no parent
            parent, alone = alone, alone - 1
        groups.append(parent)
    return np.array(groups)
