"""Satisfaction figures against numbers worked out by hand on a small fixture: Wilson and Newcombe
intervals, t intervals, the ranked theme x group table, wave change, quarter grouping and 1-5 scales."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _sentiment_table import sentiment_table

from focusgroup.stats import satisfaction as sat
from focusgroup.stats import study
from focusgroup.stats.intervals import (
    mean_difference_interval,
    mean_interval,
    newcombe_interval,
    wilson_interval,
)


@pytest.mark.parametrize(("k", "n", "lo", "hi"), [
    (5, 10, 0.2366, 0.7634), (0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (6, 8, 0.4093, 0.9285),
])
def test_wilson_known_values(k, n, lo, hi):
    assert wilson_interval(k, n) == pytest.approx((lo, hi), abs=1e-4)


def test_newcombe_matches_the_published_example():
    # Newcombe (1998), Stat Med 17:873, example (a): 56/70 vs 48/80, method 10 -> 0.0524 to 0.3339
    assert newcombe_interval(56, 70, 48, 80) == pytest.approx((0.0524, 0.3339), abs=1e-4)
    lo, hi = newcombe_interval(0, 10, 0, 10)
    assert lo < 0 < hi  # no negatives in either wave: a change of 0, both ways possible
    assert newcombe_interval(1, 0, 1, 5) == (-1.0, 1.0)


def test_t_interval_of_a_mean_and_welch_difference():
    # 1..5: mean 3, sd sqrt(2.5), se 0.7071, t(0.975, 4) = 2.7764 -> 3 +- 1.9632
    assert mean_interval([1, 2, 3, 4, 5]) == pytest.approx((3.0, 1.0368, 4.9632), abs=1e-4)
    # Welch: se^2 = 1/3 + (5/3)/4 = 0.75, df = 4.96, t = 2.577 -> -3.5 +- 2.232
    assert mean_difference_interval([1, 2, 3], [4, 5, 6, 7]) == pytest.approx((-3.5, -5.7317, -1.2683), abs=1e-3)
    assert math.isnan(mean_interval([4])[1])


def _table() -> pd.DataFrame:
    return sentiment_table()


def test_negative_table_hand_computed():
    table = sat.negative_table(_table(), "Ydelse", min_n=5)
    assert table.omitted == 1  # B x x, n = 2
    cells = table.cells.set_index(["theme", "group"])
    ax = cells.loc[("A", "x")]
    assert (ax["n"], ax["n_negative"]) == (8, 6)
    assert ax["share_negative"] == pytest.approx(0.75)
    assert (ax["ci_low"], ax["ci_high"]) == pytest.approx((0.4093, 0.9285), abs=1e-4)
    assert ax["theme_share_negative"] == pytest.approx(7 / 16)
    assert ax["difference"] == pytest.approx(0.75 - 7 / 16)
    assert ax["example"] == "citat 1" and ax["example_quote_id"] == 1  # the most negative score
    # whole-group rows: all 10 of x (8 negative) and all 8 of y (1 negative), against 9 of 18
    allx = cells.loc[(sat.ALL_THEMES, "x")]
    assert (allx["n"], allx["n_negative"]) == (10, 8)
    assert allx["difference"] == pytest.approx(0.8 - 9 / 18)
    # ranked by the interval's lower bound: all/x (0.490) before A/x (0.409) before the y rows
    order = list(zip(table.cells["theme"], table.cells["group"], strict=True))
    assert order[:2] == [(sat.ALL_THEMES, "x"), ("A", "x")]
    assert list(table.cells["rank"]) == list(range(1, len(order) + 1))
    small = sat.negative_table(_table(), "Ydelse", min_n=2)
    assert small.omitted == 0 and ("B", "x") in set(zip(small.cells["theme"], small.cells["group"], strict=True))


def test_negative_table_two_fields_and_unknown_field():
    df = _table().assign(Alder=lambda d: ["ung" if i % 2 else "gammel" for i in d["quote_id"]])
    table = sat.negative_table(df, ["Ydelse", "Alder"], min_n=1)
    assert set(table.cells["field"]) == {"Ydelse", "Alder"}
    with pytest.raises(KeyError, match="Kommune"):
        sat.negative_table(df, "Kommune")


def _waves() -> pd.DataFrame:
    """2020: 10 analysed quotes, 4 in theme A with 3 negative. 2021: 20 quotes, 4 in A with 1 negative."""
    rows = []
    qid = 0
    for wave, theme, labels in [
        ("2020", "A", ["negativ"] * 3 + ["positiv"]), ("2020", "B", ["positiv"] * 6),
        ("2021", "A", ["negativ"] + ["positiv"] * 3), ("2021", "B", ["positiv"] * 16),
    ]:
        for lab in labels:
            qid += 1
            rows.append({"quote_id": qid, "theme_label": theme, "Bølge": wave, "informative": True,
                         "respondent": f"r{qid}", "text": "x", "sentiment": lab, "sentiment_score": 0.0,
                         "Afsluttet": f"0{1 + qid % 9}-0{1 + (qid % 2) * 6}-{wave} 10:00"})
    return pd.DataFrame(rows)


def test_wave_change_hand_computed():
    result = sat.change(_waves(), "Bølge")
    per = result.periods.set_index(["theme", "period"])
    assert per.loc[("A", "2020"), "share"] == pytest.approx(0.4)
    assert per.loc[("A", "2021"), "share"] == pytest.approx(0.2)
    assert per.loc[("A", "2020"), "share_negative"] == pytest.approx(0.75)
    a = result.changes.set_index("theme").loc["A"]
    assert (a["from"], a["to"]) == ("2020", "2021")
    assert a["share_change"] == pytest.approx(-0.2)
    assert (a["share_ci_low"], a["share_ci_high"]) == pytest.approx(newcombe_interval(4, 20, 4, 10))
    assert a["negative_change"] == pytest.approx(-0.5)
    assert (a["negative_ci_low"], a["negative_ci_high"]) == pytest.approx(newcombe_interval(1, 4, 3, 4))
    whole = result.changes.set_index("theme").loc[sat.ALL_THEMES]
    assert whole["negative_from"] == pytest.approx(0.3) and whole["negative_to"] == pytest.approx(0.05)


def test_change_rows_need_min_n_and_read_surest_first():
    """The whole study heads the list, then the theme whose interval stays nearest to excluding 0. A tiny theme
    whose negative share jumps (0 of 1 -> 2 of 2; interval -3 to +100 pp) would come first, so rows under
    min_n quotes in the two waves together are left out and counted."""
    df = _waves()
    tiny = pd.DataFrame([{**df.iloc[0].to_dict(), "quote_id": 100 + i, "theme_label": "Lille", "Bølge": w,
                          "sentiment": lab} for i, (w, lab) in enumerate([("2020", "positiv"), ("2021", "negativ"),
                                                                          ("2021", "negativ")])])
    df = pd.concat([df, tiny], ignore_index=True)
    everything = sat.change(df, "Bølge")
    assert list(everything.ranked()["theme"]) == [sat.ALL_THEMES, "Lille", "A", "B"]  # -3, -14, -19 pp from 0
    assert everything.omitted == 0
    kept = sat.change(df, "Bølge", min_n=8)
    assert list(kept.ranked()["theme"]) == [sat.ALL_THEMES, "A", "B"]
    assert (kept.omitted, kept.min_n) == (1, 8)


@pytest.mark.parametrize(("value", "expected"), [
    ("02-11-2020 10:36", "2020 K4"), ("2021-03-31", "2021 K1"), ("1.4.2022", "2022 K2"), ("15/07/2023", "2023 K3"),
    ("ikke en dato", None), ("2020", None), ("", None),
])
def test_quarter(value, expected):
    assert sat.quarter(value) == expected


def test_quarter_grouping_gives_change_per_quarter():
    df = sat.with_quarter(_waves(), "Afsluttet")
    assert sat.is_date_field(_waves()["Afsluttet"]) and not sat.is_date_field(_waves()["Bølge"])
    # day 0x, month 01 (even ids) or 07 (odd ids): quarters K1 and K3 of each year
    assert sorted(df[sat.QUARTER_COLUMN].unique()) == ["2020 K1", "2020 K3", "2021 K1", "2021 K3"]
    result = sat.change(df, sat.QUARTER_COLUMN)
    assert list(result.changes[result.changes["theme"] == sat.ALL_THEMES]["to"]) == ["2020 K3", "2021 K1", "2021 K3"]
    n = result.periods[result.periods["theme"] == sat.ALL_THEMES].set_index("period")["n"]
    assert n.sum() == 30 and n["2020 K1"] == 5  # ids 2, 4, 6, 8, 10


def test_the_whole_study_has_no_interval_for_its_share():
    """Its share of the quotes is 1 in every period by definition; make demo's tables said "0 (-1 til +2)"."""
    whole = sat.change(_waves(), "Bølge").changes.set_index("theme").loc[sat.ALL_THEMES]
    assert (whole["share_from"], whole["share_to"], whole["share_change"]) == (1, 1, 0)
    assert math.isnan(whole["share_ci_low"]) and math.isnan(whole["share_ci_high"])
    assert not math.isnan(whole["negative_ci_low"])  # the negative share's change keeps its interval


def test_quarters_that_are_the_waves_are_said_once():
    """make demo's survey: "Afsluttet" falls in 2020 K4 and 2021 K4 only, the same split as "Bølge"; the
    workbook, the CLI and the app printed the same change table twice (once per name)."""
    df = _waves().assign(Afsluttet=lambda d: d["Bølge"].map({"2020": "02-11-2020 10:00", "2021": "05-11-2021 09:00"}))
    f = study.findings(df, [], wave="Bølge", date="Afsluttet")
    assert f.quarter is not None and f.quarter_is_wave == {"2020": "2020 K4", "2021": "2021 K4"}
    assert [kind for kind, _ in f.changes()] == ["wave"]
    # quarters that split the answers otherwise (K1 and K3 of each year) are a table of their own
    f = study.findings(_waves(), [], wave="Bølge", date="Afsluttet")
    assert f.quarter_is_wave is None and [kind for kind, _ in f.changes()] == ["wave", "quarter"]
    # one answer without a date: the quarter table counts one quote fewer, so it is not the wave's
    df.loc[0, "Afsluttet"] = ""
    assert study.findings(df, [], wave="Bølge", date="Afsluttet").quarter_is_wave is None


def _scale() -> pd.DataFrame:
    """Six respondents, two answers each; r1-r3 (kontanthjælp: 1, 2, 3) raise theme A, r4-r6 (dagpenge: 4, 5, 5) not."""
    rows = []
    for i, (ydelse, score) in enumerate([("k", 1), ("k", 2), ("k", 3), ("d", 4), ("d", 5), ("d", 5)], start=1):
        for part, theme in enumerate(["A" if i <= 3 else "B", "(intet tema)"]):
            rows.append({"quote_id": 10 * i + part, "respondent": f"r{i}", "theme_label": theme, "Ydelse": ydelse,
                         "Samlet tilfredshed": str(score), "informative": True, "text": "x",
                         "sentiment": "neutral", "sentiment_score": 0.0, "Bølge": "2020", "Respondent": f"{900 + i}"})
    return pd.DataFrame(rows)


def test_scale_detection_and_means():
    df = _scale()
    assert sat.detect_scale_fields(df) == ["Samlet tilfredshed"]  # the wave and the id are not scales
    by = sat.scale_by_group(df, "Samlet tilfredshed", "Ydelse").set_index("group")
    assert by.loc["k", "n"] == 3 and by.loc["k", "mean"] == pytest.approx(2.0)  # one value per respondent
    assert (by.loc["k", "ci_low"], by.loc["k", "ci_high"]) == pytest.approx(mean_interval([1, 2, 3])[1:])
    assert by.loc["(alle)", "mean"] == pytest.approx(20 / 6)
    assert list(by.index[:1]) == ["k"]  # lowest mean first
    themes = sat.scale_by_theme(df, "Samlet tilfredshed").set_index("theme")
    a = themes.loc["A"]
    assert (a["n_raise"], a["mean_raise"], a["n_other"], a["mean_other"]) == (3, 2.0, 3, pytest.approx(14 / 3))
    assert (a["difference"], a["ci_low"], a["ci_high"]) == pytest.approx(mean_difference_interval([1, 2, 3], [4, 5, 5]))


def test_scale_by_theme_in_the_findings_follows_their_min_n():
    """A theme raised by 3 respondents is no row of the findings at min_n 4 (the Word report, the app and the
    xlsx read this), as a cell of 3 quotes is none; at min_n 3 it is."""
    df = _scale()
    few = study.findings(df, ["Ydelse"], min_n=4, scales=["Samlet tilfredshed"]).scale_themes["Samlet tilfredshed"]
    assert "A" not in set(few["theme"])
    enough = study.findings(df, ["Ydelse"], min_n=3, scales=["Samlet tilfredshed"]).scale_themes["Samlet tilfredshed"]
    assert "A" in set(enough["theme"])


def test_signed_points_never_show_minus_zero():
    from focusgroup.stats.satisfaction import signed_points

    assert [signed_points(x) for x in (0.043, -0.004, 0.004, -0.25, float("nan"), None)] == [
        "+4", "0", "0", "\u221225", "–", "–"]


def test_negative_figures_for_readers_have_a_true_minus_sign():
    """The Word report, the app and the CLI wrote "-7 procentpoint" and "(-13 til +1)" with a hyphen; the one
    formatter of each (``signed_points``, ``messages.dec``) now writes U+2212, and the report's "points" text."""
    from focusgroup import messages
    from focusgroup.export._text import points

    assert messages.dec(-0.41, "da", signed=True) == "\u22120,41" and messages.dec(-0.41, "en") == "\u22120.41"
    assert messages.dec(0.41, "da", signed=True) == "+0,41"
    with messages.language("da"):
        assert points(-0.07) == "\u22127 procentpoint"
    with messages.language("en"):
        assert points(-0.07) == "\u22127 percentage points"


def test_scale_by_theme_is_the_same_in_every_process():
    """The Welch interval's sums run over the raisers in a fixed order: with a set's order (which follows
    PYTHONHASHSEED) two identical exports differed in the last digit of the Scale sheet."""
    import subprocess
    import sys

    code = (
        "import random; import pandas as pd; from focusgroup.stats import satisfaction as sat\n"
        "random.seed(0)\n"
        "rows = [{'respondent': f'Respondent {i}', 'theme_label': random.choice('ABCDEFG'), 'informative': True,\n"
        "         'S': str(random.randint(0, 10)), 'text': 'x'} for i in range(400)]\n"
        "print(sat.scale_by_theme(pd.DataFrame(rows), 'S')[['ci_low', 'ci_high']].to_numpy().tolist())\n"
    )
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3, 4)}
    assert len(outs) == 1 and outs.pop().startswith("[[-1.58")


def test_negative_share_by_group_for_a_theme_line():
    """The Word report's "Negative pr. gruppe" line: groups with at least min_n scored quotes, most negative
    first; unscored quotes and quotes without the field are not counted."""
    pairs = [("k", "negativ")] * 3 + [("k", "positiv")] * 2 + [("d", "negativ")] + [("d", "neutral")] * 4
    pairs += [("s", "negativ")] * 2 + [("k", None), ("", "negativ"), (None, "negativ")]
    assert study.negative_by_group(pairs, min_n=5) == [("k", 3, 5, 0.6), ("d", 1, 5, 0.2)]
    assert [g for g, *_ in study.negative_by_group(pairs, min_n=2)] == ["s", "k", "d"]
