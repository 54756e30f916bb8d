"""How long switching between themes takes in the app on a 10,000-quote project, with and without cache.

Drives the real app.py with Streamlit's AppTest (the whole script run a theme switch triggers,
server side; the browser's drawing is not included) on a synthetic analysed project.

    python bench/bench_app.py [--quotes 10000] [--switches 20]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from focusgroup.store import Project
from focusgroup.ui import sample

APP = str(Path(__file__).resolve().parents[1] / "app.py")
logging.getLogger("streamlit").setLevel(logging.ERROR)


def timed_switches(project: Path, switches: int, cached: bool) -> tuple[float, list[float]]:
    at = AppTest.from_file(APP, default_timeout=600)
    at.session_state["started"] = True
    at.session_state["project_path"] = str(project)
    at.session_state["next_page"] = "theme"
    _clear()
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    ids = _theme_ids(project)
    times = []
    for i in range(switches):
        next(s for s in at.selectbox if s.label == "Vælg tema").set_value(ids[(i + 1) % len(ids)])
        if not cached:
            _clear()
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, [e.value for e in at.exception]
    return first, times


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _theme_ids(project: Path) -> list[int]:
    with Project(project) as p:
        return [t.id for t in p.themes()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--switches", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        project = sample.build(Path(tmp) / "bench.fgproj", n_quotes=args.quotes)
        with Project(project) as p:
            counts = p.counts()
        print(f"project: {counts['quotes']} quotes, {counts['themes']} themes "
              f"(built in {time.perf_counter() - start:.1f} s)")
        timed_switches(project, 1, True)  # warm-up: imports (plotly, pandas, the views) are not what we measure
        for cached in (True, False):
            first, times = timed_switches(project, args.switches, cached)
            label = "with cache   " if cached else "without cache"
            print(f"{label}: first load {first:.2f} s; theme switch median {statistics.median(times):.3f} s, "
                  f"p90 {sorted(times)[int(0.9 * len(times)) - 1]:.3f} s, max {max(times):.3f} s "
                  f"({len(times)} switches)")


if __name__ == "__main__":
    main()
