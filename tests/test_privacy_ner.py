"""Pseudonymisation with the project's NER model: recall on the hand-made set and on DaNE test PER."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from focusgroup.privacy import Pseudonymizer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import bench_privacy  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    """The product's pipeline with its default NER (e5 when models/ner_e5_da is there)."""
    from focusgroup.nlp import load_pipeline
    from focusgroup.nlp.loader import _load_pipeline, chosen_candidate

    saved = os.environ.pop("FOCUSGROUP_NER", None)  # conftest picks the spaCy NER for the rest of the suite
    _load_pipeline.cache_clear()
    pipeline = load_pipeline()
    if "ner" not in pipeline.pipe_names:
        pytest.fail(f"no NER in the default pipeline ({chosen_candidate().location}); models/ missing?")
    yield pipeline
    if saved is not None:
        os.environ["FOCUSGROUP_NER"] = saved
    _load_pipeline.cache_clear()


@pytest.mark.slow  # the e5 NER reads 159 sentences: minutes on the shared 2-core box
def test_privacy_set_recall_with_ner(nlp):
    res, _, preds = bench_privacy.evaluate(bench_privacy.load_gold(), use_ner=True)
    for label in ("CPR", "PHONE", "EMAIL"):
        assert res[label]["recall"] >= 0.95, (label, res[label])
    assert res["PER"]["recall"] >= 0.95, res["PER"]  # e5 0.986, CNN 1.000
    assert res["PER"]["precision"] >= 0.95, res["PER"]
    assert bench_privacy.altered_clean(bench_privacy.load_gold(), preds)["altered"] == 0


def test_ner_finds_names_missing_from_the_name_list(nlp):
    text = "Jeg fik hjælp af Abdirahman Warsame fra virksomhedskonsulenterne."
    assert Pseudonymizer(nlp, use_ner=False).transform(text) == text  # not in the name list
    assert Pseudonymizer(nlp).transform(text) == "Jeg fik hjælp af [Person 1] fra virksomhedskonsulenterne."


def test_same_person_same_placeholder_across_quotes_with_ner(nlp):
    texts = ["Gorm Lauritsen forklarede reglerne.", "Bagefter ringede Gorm igen.", "Det sagde Gorm Lauritsen også."]
    pz = Pseudonymizer(nlp).fit(texts)
    outs = [pz.transform(t) for t in texts]
    placeholders = {p for o in outs for p in re.findall(r"\[[^\]]+\]", o)}
    assert len(placeholders) == 1, outs


@pytest.mark.slow
def test_dane_test_person_recall(nlp, shared_dir):
    res, _, _ = bench_privacy.evaluate(bench_privacy.dane_per_records(), use_ner=True, kinds=("person",))
    # e5 NER measured 0.944 / 0.872 on 3 Dec, 0.939 / 0.872 with the NER's gate 2 (session 13); 0.894 / 0.878
    # before the privacy filters were fixed; CNN 0.850 / 0.801. Issue 15's targets: 0.93 / 0.85 (bench/README.md)
    assert res["PER"]["recall"] >= 0.93, res["PER"]
    assert res["PER"]["precision"] >= 0.85, res["PER"]


@pytest.mark.slow  # 250 sentences through the e5 NER
def test_held_out_dane_split_with_ner(nlp, shared_dir):
    """The rules' tuning set (DaNE train sentences no NER model trained on): e5 0.970 / 0.942 measured."""
    res, _, _ = bench_privacy.evaluate(bench_privacy.dane_dev_records(), use_ner=True, kinds=("person",))
    assert res["PER"]["recall"] >= 0.95, res["PER"]
    assert res["PER"]["precision"] >= 0.90, res["PER"]


# Names the e5 model found and the privacy filters then dropped (issue 15; diagnosed on DaNE train with
# name lists harvested without the sentence's fold): unseen surnames that split into two Danish words
# ("Holm|gren", "Fischer|mann", "Pink|man", "Rosen|kjær", "Lind|kvist") were taken for compounds such as
# "Jobklubben". None of these surnames is in a shipped name list, so only the NER can find them.
@pytest.mark.parametrize(
    "text, name",
    [
        ("Hos jobcentret mødte jeg Holmgren, som var meget hjælpsom.", "Holmgren"),
        ("Jeg snakkede med Bachmann om min plan.", "Bachmann"),
        ("Min nye sagsbehandler, Pinkman, ringede i går.", "Pinkman"),
        ("Vi havde et møde med Fischermann og hans kollega.", "Fischermann"),
        ("Rosenkjær sagde, at jeg skulle søge flere job.", "Rosenkjær"),
        ("Jeg talte med Lindkvist om det.", "Lindkvist"),
    ],
)
def test_unlisted_surnames_found_by_the_ner_stay_persons(nlp, text, name):
    assert Pseudonymizer(nlp, use_ner=False).transform(text) == text  # no list or rule knows them
    assert name not in Pseudonymizer(nlp).transform(text)


def test_first_name_and_place_word_surname_and_god(nlp):
    """"Steen Gade", "Jesper Bank": a first name before a place word is a person ("Gade" alone stayed
    visible-or-hidden by chance); "Gud" is tagged PER in DaNE but is nobody's personal data."""
    pz = Pseudonymizer(nlp)
    assert pz.transform("Det er et skred, mener Steen Gade.") == "Det er et skred, mener [Person 1]."
    assert pz.transform("I finalen var Jesper Bank urørlig.") == "I finalen var [Person 2] urørlig."
    assert pz.transform("Jeg har ved Gud prøvet alt.") == "Jeg har ved Gud prøvet alt."
