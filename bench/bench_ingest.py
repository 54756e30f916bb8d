"""Ingestion speed: the bundled sample files, the shared PDFs, and generated big files.

Reports wall time and CPU time (CPU time is the fairer figure on a shared machine) per file.

    nice python bench/bench_ingest.py            # sample + shared files + 50 MB transcript + 20k-row survey
    nice python bench/bench_ingest.py --quick    # without the big generated files
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from pathlib import Path

from focusgroup.ingest import read_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "data" / "transcripts"


def big_transcript(path: Path, megabytes: int) -> None:
    turn = (
        "Deltager {n}: Jeg synes, at min sagsbehandler var god til at lytte, f.eks. da jeg fik en ny plan. "
        "Men kl. 8 er for tidligt – til jobklubben! Hvorfor så tidligt? Det forstår ingen af os.\n\n"
        "Moderator: Tak. Hvad med brevene fra jobcentret, Åse?\n\n"
    )
    chunk = "".join(turn.format(n=i % 6 + 1) for i in range(600)).encode("cp1252")
    path.write_bytes(chunk * (megabytes * 1_000_000 // len(chunk) + 1))


def big_unlabelled(path: Path, megabytes: int) -> None:
    para = "Jeg synes, at jobcentret gør det godt. Men brevene er svære at forstå, f.eks. om ydelsen.\n"
    path.write_text(para * (megabytes * 1_000_000 // len(para) + 1), encoding="utf-8")


def big_survey(path: Path, rows: int) -> None:
    rng = random.Random(1)
    answers = ["Min sagsbehandler lytter og ringer tilbage.", "ved ikke", "", "Brevene er svære at forstå; skriv kortere.",
               "Jobklubben er alt for lang, tre timer hver dag.", "-", "Bedre telefontider, man kommer aldrig igennem."]
    with path.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Respondent", "Ydelse", "Bølge", "Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"])
        for i in range(rows):
            writer.writerow([100000 + i, rng.choice(["dagpenge", "kontanthjælp"]), rng.choice([2020, 2021]),
                             rng.choice(answers) + f" ({i})", rng.choice(answers)])


def measure(path: Path) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    [parsed] = read_file(path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    mb = path.stat().st_size / 1e6
    print(f"| {path.name} | {mb:.2f} | {len(parsed.quotes)} | {wall:.2f} | {cpu:.2f} | {mb / cpu if cpu else 0:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the big generated files")
    args = parser.parse_args()
    print("| file | MB | quotes | wall s | CPU s | MB per CPU s |\n|---|---|---|---|---|---|")
    files = sorted(p for p in (ROOT / "transcripts").iterdir() if p.suffix != ".md")
    if SHARED.is_dir():
        files += sorted(SHARED.glob("pdpilot-interviews-en/*.pdf")) + sorted(SHARED.glob("parlamint-dk-sample/*.xml"))
    for path in files:
        measure(path)
    if args.quick:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, size in [
            ("transcript_50mb.txt", big_transcript, 50),
            ("unlabelled_50mb.txt", big_unlabelled, 50),
            ("survey_20k.csv", big_survey, 20000),
        ]:
            path = Path(tmp) / name
            make(path, size)
            measure(path)


if __name__ == "__main__":
    main()
