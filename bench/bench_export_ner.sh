#!/bin/bash
# Usage: nice -n 10 bench/bench_export_ner.sh [work folder, default /tmp/d_exp]
# Export time of the sample study, side by side: e5 on PyTorch (the old path), e5 on ONNX Runtime (cold, then a
# second export from the span cache), the CNN. Each engine on its own copy of the same imported project.
set -e
cd "$(dirname "$0")/.."
FG=.venv/bin/focusgroup
D=${1:-/tmp/d_exp}; mkdir -p $D
rm -rf $D/p_* $D/out_*
FOCUSGROUP_NER=spacy $FG import $D/base.fgproj transcripts/fokusgruppe_1_dagpenge.docx transcripts/fokusgruppe_2_kontanthjaelp.txt transcripts/fokusgruppe_3_sygedagpenge.vtt transcripts/brugerundersoegelse_2020_2021.csv > $D/import.log 2>&1 || true
for v in torch onnx int8 cnn; do cp $D/base.fgproj $D/p_$v.fgproj; done
run() { # name env...
  name=$1; shift
  echo "== $name $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  env "$@" /usr/bin/time -f "$name wall %e s, user %U s, sys %S s, peak RSS %M KB" $FG export $D/p_${name%%-*}.fgproj --format csv --out $D/out_$name.csv --force 2>&1 | tail -2
}
run torch FOCUSGROUP_NER=e5 FOCUSGROUP_NER_ENGINE=torch
run onnx FOCUSGROUP_NER=e5 FOCUSGROUP_NER_ENGINE=onnx
run onnx-again FOCUSGROUP_NER=e5 FOCUSGROUP_NER_ENGINE=onnx
run int8 FOCUSGROUP_NER=e5 FOCUSGROUP_NER_ENGINE=onnx FOCUSGROUP_NER_INT8=1
run cnn FOCUSGROUP_NER=spacy
echo "== end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
cmp $D/out_torch.csv $D/out_onnx.csv && echo "torch and onnx exports identical"
cmp $D/out_onnx.csv $D/out_onnx-again.csv && echo "second onnx export identical"
