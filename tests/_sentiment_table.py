"""A small hand-countable quote table for the sentiment and satisfaction statistics tests.

Theme A: group x has 6 of 8 quotes negative, group y 1 of 8; theme B: group x 2 of 2 (too small to rank
at min_n 5). Columns cover both the aggregate tables (source, speaker, mixed) and the satisfaction tables
(respondent, informative, text)."""

from __future__ import annotations

import pandas as pd


def sentiment_table() -> pd.DataFrame:
    rows = []
    qid = 0
    for theme, group, labels in [
        ("A", "x", ["negativ"] * 6 + ["neutral", "positiv"]),
        ("A", "y", ["negativ"] + ["positiv"] * 7),
        ("B", "x", ["negativ", "negativ"]),
    ]:
        for lab in labels:
            qid += 1
            score = {"negativ": -0.8, "neutral": 0.0, "positiv": 0.7}[lab] + qid / 1000
            rows.append({"quote_id": qid, "theme_label": theme, "Ydelse": group, "source": "s.csv",
                         "speaker": f"r{qid}", "respondent": f"r{qid}", "informative": True,
                         "text": f"citat {qid}", "sentiment": lab, "sentiment_score": score, "mixed": False})
    return pd.DataFrame(rows)
