"""Issue 16: where a fresh ``focusgroup analyze`` spends its CPU, without a profiler's overhead.

Runs ``focusgroup <args>`` in this process with CPU seconds (the whole process: all threads, so a step
that waits while ONNX Runtime's threads work is charged their CPU) and wall seconds of chosen functions,
inclusive, a function's nested calls of itself counted once, plus the e5 NER's tagger calls (windows,
words). cProfile's own overhead roughly doubled the Python-heavy steps; this adds ~nothing.
A step that runs in a background thread (the NER tagged ahead) is charged to whatever the main thread is
in at the time, so compare totals, not that step, when it is on; ``STAGES_NO_PREFETCH=1`` turns it off (the CPU total is the same, the shares clean).

    cd SNAPSHOT && PYTHONPATH=$PWD nice -n 10 python -P bench/bench_pipeline_stages.py analyze \
        bench/out/pipeline/comments_1000.csv -t svar --id-column id --out /tmp/stages
"""

from __future__ import annotations

import atexit
import functools
import importlib.abc
import importlib.util
import json
import os
import resource
import sys
import time

TARGETS = {
    "focusgroup.lean_imports": ["import_bertopic_lean"],
    "focusgroup.nlp.loader": ["load_pipeline"],
    "focusgroup.pipeline": ["import_files", "analyze_project", "write_outputs"],
    "focusgroup.themes.analyze": ["select_quotes", "analyze"],
    "focusgroup.themes.labels": ["parse", "build_labels"],
    "focusgroup.themes.model": ["ThemeModel.fit", "ThemeModel._reduce", "ThemeModel._cluster", "_CachedBackend.__new__"],
    "focusgroup.themes.describe": ["describe_state"],
    "focusgroup.embed.cache": ["embed_texts"],
    "focusgroup.sentiment.score": ["score_project"],
    "focusgroup.sentiment.backends": ["encode"],
    "focusgroup.replies": ["flag_project"],
    "focusgroup.sentiment.question": ["refresh_non_answers", "score_non_answers"],
    "focusgroup.export._view": ["build_view"],
    "focusgroup.export._pseudo": ["make_scrubber", "PrivacyScrubber.fit"],
    "focusgroup.privacy.project": ["project_pseudonymizer"],
    "focusgroup.privacy.pseudonymizer": ["Pseudonymizer.detect_many", "Pseudonymizer.transform_spans"],
    "focusgroup.privacy.person_spans": ["pos_where_persons"],
    "focusgroup.nlp.e5_ner": ["E5Ner.tag", "load_e5_ner"],
    "bertopic.representation._keybert": ["KeyBERTInspired.extract_topics"],
    "focusgroup.export.quotes_csv": ["write_csv"],
    "focusgroup.export.themes_csv": ["write_themes_csv"],
}
STATS: dict[str, list] = {}
TAGLOG: list[tuple] = []
ACTIVE: set[str] = set()

def wrap(name, f):
    @functools.wraps(f)
    def w(*a, **k):
        if name in ACTIVE:
            return f(*a, **k)
        ACTIVE.add(name)
        if name.endswith("E5Ner.tag"):
            sents = a[1]
            TAGLOG.append((len(sents), sum(len(x) for x in sents), sum(1 for x in sents for w in x if w.strip()), time.process_time()))
        c0, t0 = time.process_time(), time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            s = STATS.setdefault(name, [0, 0.0, 0.0])
            s[0] += 1
            s[1] += time.process_time() - c0
            s[2] += time.perf_counter() - t0
            ACTIVE.discard(name)
    return w

def patch(mod):
    if mod.__name__ == "focusgroup.pipeline" and os.environ.get("STAGES_NO_PREFETCH"):
        mod._prefetch_ner = lambda project: None  # the NER then runs in the main thread: clean shares
    for q in TARGETS.get(mod.__name__, []):
        owner, _, attr = q.rpartition(".")
        obj = getattr(mod, owner) if owner else mod
        if not hasattr(obj, attr):
            print("MISSING", mod.__name__, q, file=sys.stderr)
            continue
        f = getattr(obj, attr)
        if isinstance(f, staticmethod) or isinstance(obj.__dict__.get(attr), staticmethod):
            continue
        setattr(obj, attr, wrap(f"{mod.__name__.replace('focusgroup.','')}:{q}", f))

class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name not in TARGETS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        orig = spec.loader.exec_module
        def exec_module(module, orig=orig):
            orig(module)
            patch(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Finder())
T0c, T0w = time.process_time(), time.perf_counter()

def report():
    tc, tw = time.process_time() - T0c, time.perf_counter() - T0w
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\n# total process CPU {tc:.1f} s (user {ru.ru_utime:.1f} sys {ru.ru_stime:.1f}), wall {tw:.1f} s", file=sys.stderr)
    for k, (n, c, w) in sorted(STATS.items(), key=lambda kv: -kv[1][1]):
        print(f"{k:55s} n={n:5d} cpu={c:7.2f} wall={w:7.2f}", file=sys.stderr)
    print(f"e5 NER tagger: {len(TAGLOG)} calls, windows {sum(t[0] for t in TAGLOG)}, words "
          f"{sum(t[2] for t in TAGLOG)}", file=sys.stderr)
    if os.environ.get("STAGES_JSON"):
        with open(os.environ["STAGES_JSON"], "w") as fh:
            json.dump({"total_cpu": tc, "total_wall": tw, "stats": STATS}, fh)


if __name__ == "__main__":
    atexit.register(report)
    sys.argv = ["focusgroup", *sys.argv[1:]]
    from focusgroup.cli import main

    main()
