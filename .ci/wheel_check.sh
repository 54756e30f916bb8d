#!/usr/bin/env bash
# The package as users get it (pip install ., pipx install, pip install git+...): build the wheel, install it
# into a clean venv (no checkout on the path), and run the main job on the sample study with the full
# pipeline. Fails when the wheel lacks the models or the app, or when anything falls back silently.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --upgrade pip
"$work/venv/bin/pip" install --quiet torch==2.13.0
"$work/venv/bin/pip" wheel --quiet --no-deps -w "$work/dist" .
"$work/venv/bin/pip" install --quiet "$work"/dist/focusgroup-*.whl

cd "$work"  # not the checkout: only the installed package is importable
bin="$work/venv/bin"
"$bin/python" - <<'PY'
import focusgroup, focusgroup.paths as p
assert "site-packages" in focusgroup.__file__, focusgroup.__file__
assert (p.models_dir() / "da_focusgroup_sm").is_dir(), p.models_dir()
assert p.app_file().is_file() and "site-packages" in str(p.app_file()), p.app_file()
print("wheel ok:", p.models_dir(), p.app_file())
PY
"$bin/focusgroup" doctor > doctor.txt 2>&1 || { cat doctor.txt; exit 1; }
grep -q "da_focusgroup_sm" doctor.txt || { echo "the wheel's Danish pipeline is not the shipped model"; cat doctor.txt; exit 1; }
grep -q "tom dansk pipeline" doctor.txt && { echo "the wheel fell back to a blank pipeline"; exit 1; }
T="$OLDPWD/transcripts"
"$bin/focusgroup" analyze "$T/fokusgruppe_2_kontanthjaelp.txt" "$T/brugerundersoegelse_2020_2021.xlsx" --out out \
  --group-by Ydelse --text-column "Hvad kan jobcentret gøre bedre?"
test -s out/quotes.csv && test -s out/themes.csv
"$bin/python" - <<'PY'
import csv
rows = list(csv.DictReader(open("out/quotes.csv", encoding="utf-8-sig")))
assert len(rows) > 400, len(rows)
assert {r["sentiment"] for r in rows if r["sentiment"]} >= {"positiv", "negativ"}
print(f"wheel analyze ok: {len(rows)} quotes")
PY
echo "wheel check passed"
