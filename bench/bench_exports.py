"""Export speed: build the export view (with/without pseudonymisation) and write every format.

Project: the bundled sample study (3 transcripts + the survey csv, imported with the real ingest)
imported ``--copies`` times, with keyword themes standing in for BERTopic and a sentiment per quote.

    nice python bench/bench_exports.py --copies 8            # ~10k quotes, real names
    nice python bench/bench_exports.py --copies 1 --pseudo   # pseudonymised, sample size
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from focusgroup.export import FORMATS, build_view, export_project
from focusgroup.ingest import read_file
from focusgroup.records import Assignment, Sentiment, Theme
from focusgroup.store import Project

ROOT = Path(__file__).resolve().parents[1]
FILES = ["fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
         "brugerundersoegelse_2020_2021.csv"]
WORDS = {"Kontakt med sagsbehandler": ("sagsbehandler", "ringe", "kontakt"), "Kurser": ("kursus", "kurser", "cv"),
         "Helbred": ("ryg", "helbred", "syg"), "Møder": ("møde", "samtale"), "Økonomi": ("penge", "økonomi")}


def build(path: Path, copies: int) -> Project:
    p = Project(path)
    for c in range(copies):  # read afresh each time: add_parsed fills in ids
        for f in FILES:
            for ps in read_file(ROOT / "transcripts" / f):
                ps.source.name = f"{c + 1}_{Path(ps.source.name).name}"
                p.add_parsed(ps)
    run = p.start_run({"method": "keywords (bench)", "embedder": "none", "seed": 42})
    ids = p.save_themes(run, [Theme(label, list(ws)) for label, ws in WORDS.items()])
    assignments, sentiments = [], []
    for q in p.quotes(informative=True, roles=["participant", "respondent"]):
        low = q.text.lower()
        hit = next((i for i, ws in enumerate(WORDS.values()) if any(w in low for w in ws)), None)
        assignments.append(Assignment(q.id, None if hit is None else ids[hit], 0.8))
        sentiments.append(Sentiment(q.id, "negativ" if "ikke" in low else "neutral", 0.0, "bench"))
    p.save_assignments(run, assignments)
    p.save_sentiments(sentiments)
    p.finish_run(run)
    return p


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--pseudo", action="store_true", help="pseudonymise (default: --real-names)")
    args = ap.parse_args()
    if args.pseudo:  # importing spaCy/torch is a one-off per process; reported apart
        t = time.perf_counter()
        import focusgroup.privacy  # noqa: F401

        print(f"import focusgroup.privacy: {time.perf_counter() - t:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        p = build(Path(tmp) / "bench.fgproj", args.copies)
        counts = p.counts()
        print(f"project: {counts['sources']} sources, {counts['quotes']} quotes "
              f"(built in {time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        view = build_view(p, real_names=not args.pseudo)
        print(f"build_view(real_names={not args.pseudo}): {time.perf_counter() - t:.2f} s")
        for name, spec in FORMATS.items():
            t = time.perf_counter()
            out = export_project(p, name, Path(tmp) / f"out{spec.extension}", real_names=not args.pseudo, view=view)
            print(f"  {name:5s} {time.perf_counter() - t:6.2f} s  {out.stat().st_size / 1e6:6.2f} MB")
        p.close()


if __name__ == "__main__":
    main()
