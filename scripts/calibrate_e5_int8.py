"""Write ``models/e5_small_da_en_q4/ffn_act_max.npy``: the e5-int8 build's smoothing statistics.

For each of e5-small's 12 feed-forward output projections, the largest |input| (GELU output) per
channel over 400 Danish sentences: DaNE train sentences 3000-3399 (../shared, a train split; none of
them in bench/bench_embed.py's short/long sets or SIB-200). focusgroup/embed/e5_int8.py divides each
channel by ``a ** 0.75 / w ** 0.25`` before quantising (SmoothQuant) and multiplies the weight row by
the same. Deterministic; ~30 s on the 2-core box. A new file changes the e5-int8 build (its folder
name carries the shipped model's digest and the build version; bump ``BUILD_VERSION`` when the file
changes so cached vectors are not mixed).

    nice -n 10 .venv/bin/python scripts/calibrate_e5_int8.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DANE = (ROOT / ".." / "shared" / "data" / "danish-nlp" / "dane_train.jsonl").resolve()


def main() -> None:
    from focusgroup.embed import e5_int8
    from focusgroup.embed.onnx_backend import int8_dir

    lines = DANE.read_text(encoding="utf-8").splitlines()
    texts = [" ".join(json.loads(line)["tokens"]) for line in lines][3000:3400]
    act = e5_int8.calibrate(int8_dir(), texts)
    out = int8_dir() / e5_int8.CALIBRATION
    np.save(out, act)
    print(f"{out}: {act.shape}, {len(texts)} sentences; largest per layer:", np.round(act.max(1), 1).tolist())


if __name__ == "__main__":
    main()
