"""The Danish "nem" (easy) is Hungarian "no" to e5-small: the sentiment vector is taken from a respelled text."""

from __future__ import annotations

import numpy as np

from focusgroup.sentiment.respell import respell, respelled_vectors
from focusgroup.sentiment.score import score_texts


def test_respell_swaps_only_the_nem_forms_that_share_e5s_nem_piece():
    assert respell("Nem adgang med offentlig transport.") == "Let adgang med offentlig transport."
    assert respell("Det er meget nemmere over telefonen") == "Det er meget lettere over telefonen"
    assert respell("Nemt og hurtigt") == "nemt og hurtigt"  # "Nemt" splits as ▁Nem + t; "nemt" is one piece
    assert respell("Det er nemt at booke tid.") == "Det er nemt at booke tid."
    assert respell("Det var nemlig ikke nemesis") == "Det var nemlig ikke nemesis"


def test_only_rows_with_a_false_friend_are_re_embedded():
    texts = ["God service", "Nem parkering.", "Det er nemt"]
    seen: list[list[str]] = []

    def embed(xs: list[str]) -> np.ndarray:
        seen.append(xs)
        return np.full((len(xs), 2), 9.0)

    out = respelled_vectors(texts, np.zeros((3, 2)), embed)
    assert seen == [["Let parkering."]]
    assert out[:, 0].tolist() == [0.0, 9.0, 0.0]


def test_easy_access_is_not_called_negative():
    """The sample study's "Nem adgang med offentlig transport." was scored negative (p .49) before."""
    texts = ["Nem adgang med offentlig transport.", "Nem parkering.", "Ingen adgang med offentlig transport."]
    (access, parking, none) = score_texts(texts)
    assert access[0] != "negativ" and access[1] > 0
    assert parking[0] == "positiv"
    assert none[0] == "negativ"
