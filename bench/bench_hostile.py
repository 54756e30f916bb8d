"""Peak memory of reading hostile files, before and after ``focusgroup.limits`` (issue 14).

Generates the probe's bombs at full size (a 4.7 KB xlsx declaring A1:XFD1048576 with a cell at
XFD1048576; a docx whose document.xml inflates to 1.1 GB) plus files just under the limits, then reads
each with ``focusgroup.ingest.read_file`` in a child process per (code, file) and reports the child's
peak RSS (``wait4`` rusage) and outcome. The old code is a checkout given with ``--old`` (e.g.
``git worktree add /tmp/old <commit before the limits>``); children run under an address-space cap
(``--cap-gb``, default 4) and a timeout so the old code's runaway reads cannot take the machine down:
"capped" means the child hit the cap (MemoryError or killed), i.e. it would have grown further.

    nice -n 5 .venv/bin/python bench/bench_hostile.py --old /tmp/old [--at-limit]
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CHILD = """
import resource, sys
cap = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
sys.path.insert(0, sys.argv[1])
from focusgroup.ingest import read_file
try:
    parsed = read_file(sys.argv[2])
    print("read", len(parsed[0].quotes), "quotes")
except MemoryError:
    print("capped (MemoryError)")
except Exception as exc:
    msg = str(exc)
    print(("capped (" if "memory" in msg else "refused (") + getattr(exc, "code", type(exc).__name__) + ")")
"""


def _docx_with_body(path: Path, paragraphs: Iterator[bytes]) -> None:
    """A docx (parts from the test builder) whose document.xml body is ``paragraphs``, streamed."""
    from test_hostile_inputs import _docx

    base = zipfile.ZipFile(io.BytesIO(_docx(["Interviewer: Hej"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, base.read(info.filename))
        with out.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
                     b'org/wordprocessingml/2006/main"><w:body>')
            for chunk in paragraphs:
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")


def docx_bomb(path: Path, unpacked: int) -> None:
    """A docx whose document.xml inflates to ``unpacked`` bytes of one repeated paragraph."""
    block = b"<w:p><w:r><w:t>Deltager 1: ja</w:t></w:r></w:p>" * 20_000
    _docx_with_body(path, (block for _ in range(unpacked // len(block))))


def varied_docx(path: Path, unpacked: int, formatted: bool = False) -> None:
    """An ordinary-looking transcript (speaker turns of varied words) of about ``unpacked`` XML bytes."""
    rng = random.Random(1)
    words = ("sagsbehandleren jobcentret brevet mødet ydelsen telefonen svaret hjælpen tiden ventetiden "
             "kontanthjælp dagpenge forløbet aktiveringen planen kurset").split()

    def paragraphs() -> Iterator[bytes]:
        written, i = 0, 0
        while written < unpacked:
            if formatted:  # Word's own output: every word its own run with formatting
                runs = "".join(f'<w:r><w:rPr><w:rFonts w:ascii="Calibri"/><w:b/><w:sz w:val="24"/></w:rPr>'
                               f'<w:t xml:space="preserve">{w} </w:t></w:r>' for w in rng.choices(words, k=25))
                chunk = f"<w:p><w:r><w:t>Deltager {i % 7 + 1}: </w:t></w:r>{runs}</w:p>".encode()
            else:
                text = f"Deltager {i % 7 + 1}: " + " ".join(rng.choices(words, k=25)) + f" {i}."
                chunk = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
            yield chunk
            written += len(chunk)
            i += 1

    _docx_with_body(path, paragraphs())


def big_xlsx(path: Path, rows: int, columns: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Svar")
    ws.append(["id", "Hvad fungerer godt?"] + [f"felt {j}" for j in range(columns - 2)])
    for i in range(rows):
        ws.append([i, f"Mødet med sagsbehandleren gik godt, svar nr. {i}"] + [f"v{j}" for j in range(columns - 2)])
    wb.save(path)


def run(code_root: Path, file: Path, cap: int, timeout: int) -> tuple[str, float, float]:
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(code_root), str(file), str(cap)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        outcome = out.strip().splitlines()[-1] if out.strip() else f"killed (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        outcome = f"timeout after {timeout} s"
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # this process has one child: the reader
    rss = usage.ru_maxrss / 1024
    if rss >= 0.9 * cap / 2**20:  # what it failed with at the cap is beside the point: it was still growing
        outcome = f"hit the {cap / 2**30:.0f} GB cap, then {outcome}"
    return outcome, rss, time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", type=Path, help="checkout of the code before the limits")
    ap.add_argument("--cap-gb", type=float, default=4.0)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--at-limit", action="store_true", help="also files just under the default limits")
    ap.add_argument("--only", default="", help="measure only files whose label contains this text")
    args = ap.parse_args()
    from test_hostile_inputs import xlsx_bomb

    tmp = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    files = {"xlsx declaring A1:XFD1048576": tmp / "bomb.xlsx", "docx inflating to 1.1 GB": tmp / "bomb.docx"}
    files["xlsx declaring A1:XFD1048576"].write_bytes(xlsx_bomb(far=True))
    docx_bomb(files["docx inflating to 1.1 GB"], 1_100_000_000)
    if args.at_limit:  # the worst a file may cost while still being accepted
        for label, name, make in (
            ("docx transcript, 95 MB XML of plain paragraphs", "plain.docx",
             lambda p: varied_docx(p, 95_000_000)),
            ("docx transcript, 95 MB XML of formatted runs", "runs.docx",
             lambda p: varied_docx(p, 95_000_000, formatted=True)),
            ("xlsx 240k rows x 20 columns (4.8M cells)", "cells.xlsx", lambda p: big_xlsx(p, 240_000, 20)),
        ):
            if args.only.lower() in label.lower():
                files[label] = tmp / name
                make(files[label])
    cap = int(args.cap_gb * 2**30)
    print("| file | size on disk | code | outcome | peak RSS (MB) | wall (s) |")
    print("|---|---|---|---|---|---|")
    files = {k: v for k, v in files.items() if args.only.lower() in k.lower()}
    for label, file in files.items():
        for code, root in (("before", args.old), ("after", ROOT)):
            if root is None:
                continue
            # RUSAGE_CHILDREN is a max over all children so far: run each in its own grandchild shell.
            outcome, rss, wall = isolated(root, file, cap, args.timeout)
            size = file.stat().st_size
            print(f"| {label} | {size / 1e3:,.1f} KB | {code} | {outcome} | {rss:,.0f} | {wall:.1f} |", flush=True)


def isolated(root: Path, file: Path, cap: int, timeout: int) -> tuple[str, float, float]:
    """Run one measurement in a fresh interpreter so RUSAGE_CHILDREN covers that child only."""
    out = subprocess.run([sys.executable, __file__, "--one", str(root), str(file), str(cap), str(timeout)],
                         capture_output=True, text=True)
    outcome, rss, wall = out.stdout.strip().rsplit("\t", 2)
    return outcome, float(rss), float(wall)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        outcome, rss, wall = run(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        print(f"{outcome}\t{rss}\t{wall}")
    else:
        main()
