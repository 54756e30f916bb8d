"""Write the bundled sample study into transcripts/: three focus groups and one two-wave survey export.

Deterministic: one seed, fixed document dates and zip timestamps, so a rerun gives identical bytes.
Usage: python scripts/make_sample_data.py [--out DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import fg_dagpenge, fg_kontanthjaelp, fg_sygedagpenge  # noqa: E402
from sample_data.common import SEED  # noqa: E402
from sample_data.survey import build_survey, write_csv, write_xlsx  # noqa: E402
from sample_data.transcripts import write_docx, write_txt, write_vtt  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
SURVEY_STEM = "brugerundersoegelse_2020_2021"


def generate(out: Path) -> dict[str, int]:
    """Write every sample file into ``out``; return a count (turns or respondents) per file."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    # Each file has its own seeded generator, so editing one file's content never changes the others.
    jobs = [
        ("fokusgruppe_1_dagpenge.docx", write_docx, fg_dagpenge.GROUP),
        ("fokusgruppe_2_kontanthjaelp.txt", write_txt, fg_kontanthjaelp.GROUP),
        ("fokusgruppe_3_sygedagpenge.vtt", write_vtt, fg_sygedagpenge.GROUP),
    ]
    for i, (name, writer, group) in enumerate(jobs):
        counts[name] = writer(out / name, group, random.Random(SEED + i))
    respondents = build_survey(random.Random(SEED + 100))
    write_csv(out / f"{SURVEY_STEM}.csv", respondents)
    write_xlsx(out / f"{SURVEY_STEM}.xlsx", respondents)
    counts[f"{SURVEY_STEM}.csv"] = counts[f"{SURVEY_STEM}.xlsx"] = len(respondents)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "transcripts", help="output folder")
    args = parser.parse_args()
    for name, n in generate(args.out).items():
        print(f"{args.out / name}: {n}")


if __name__ == "__main__":
    main()
