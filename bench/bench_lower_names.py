"""Precision of the lower-case name rule (privacy/name_rules.lower_names) on clean text, without gold labels.

Every text is lower-cased and run through the rule; a hit on a word that was capitalised in the original is
counted as a name, a hit on a word that was lower case already as a false alarm (and printed). Texts: the
shared LCC and Europarl sentiment train sets, SIB-200 train, and the quotes of an analysed project if one is
given (e.g. ``make demo`` then ``--project demo/project.fgproj``).

    .venv/bin/python bench/bench_lower_names.py --project demo/project.fgproj
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def texts(project: Path | None) -> list[str]:
    out: list[str] = []
    for name in ("lcc_train.jsonl", "europarl_sent_train.jsonl"):
        path = SHARED / "sentiment" / name
        if path.exists():
            out += [json.loads(line).get("text", "") for line in path.open(encoding="utf-8")]
    sib = SHARED / "themes" / "dan_Latn_train.tsv"
    if sib.exists():
        with sib.open(encoding="utf-8", newline="") as f:
            out += [row.get("text", "") for row in csv.DictReader(f, delimiter="\t")]
    if project:
        from focusgroup.store import Project

        with Project(project, create=False) as p:
            out += [q.text for q in p.quotes()]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--project", type=Path, help="an analysed project whose quotes are added")
    ap.add_argument("--show", action="store_true", help="print the hits on originally capitalised words too")
    args = ap.parse_args()
    from focusgroup.privacy.detect import person_words
    from focusgroup.privacy.name_rules import lower_names

    first, ambiguous, surnames, not_names = person_words()
    all_texts = texts(args.project)
    names = alarms = 0
    for t in all_texts:
        for s, e, _ in lower_names(t.lower(), first, ambiguous, surnames, not_names):
            if t[s : s + 1].isupper():
                names += 1
                if args.show:
                    print("  name: ", t[max(0, s - 25) : e + 10].replace("\n", " "))
            else:
                alarms += 1
                print("  alarm:", t[max(0, s - 25) : e + 10].replace("\n", " "))
    print(f"{len(all_texts):,} texts lower-cased: {names} hits on capitalised words (names), {alarms} on words "
          "that were lower case already")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
