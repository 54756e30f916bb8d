"""Write ``models/ner_e5_da/int8_act_max.npz``: the smoothing statistics of the e5 NER's int8 build.

For every linear layer of the exported tagger (fused Q/K/V, attention output, both feed-forward
projections of the 12 layers, and the head), the largest |input| per channel over 400 DaNE train
sentences: the first 400 of the NER's training part (scripts/train_ner.load_split, seed 0), so never
the 250 held-out dev sentences the int8 build is selected on, and never DaNE test. Each sentence runs
alone through the fp32 ONNX tagger on the default base, as the int8 tagger runs
(focusgroup/nlp/e5_ner_int8.py). The file records the task weights' SHA-256: after retraining
(scripts/train_ner.py) run this again, or the NER falls back to fp32. Deterministic; ~30 s on the 2-core box.

    nice -n 10 .venv/bin/python scripts/calibrate_ner_int8.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
SENTENCES = 400


def main() -> None:
    from train_ner import load_split

    from focusgroup.nlp import e5_ner, e5_ner_int8
    from focusgroup.nlp import e5_ner_engine as eng

    ner = e5_ner.load_e5_ner(int8=False, engine="onnx")
    folder = e5_ner.model_dir()
    base = eng.base_dir(ner.config["base_kind"])
    onnx = eng.onnx_dir(folder, base, lambda: e5_ner.load_torch_tagger(folder, base, ner.config))
    sentences = [r["tokens"] for r in load_split()[0][:SENTENCES]]
    act = e5_ner_int8.calibrate(onnx / "model.onnx", ner.model.table, ner.tokenizer, sentences)
    out = folder / e5_ner_int8.CALIBRATION
    np.savez_compressed(out, **act, **{e5_ner_int8.DIGEST_KEY: np.asarray(ner.config["weights_sha256"])})
    print(
        f"{out}: {len(act)} layers, {len(sentences)} sentences (base {ner.config['base_kind']}); largest |input|:"
    )
    for k, v in act.items():
        print(f"  {k:20} {v.max():6.1f} (99th percentile {np.percentile(v, 99):.1f})")


if __name__ == "__main__":
    main()
