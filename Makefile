# Two commands set everything up on a fresh machine:
#   make run    installs, analyses the bundled sample study (transcripts/) and opens the app on it
#   make test   installs and runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DEMO ?= demo
# The bundled study: three focus groups and the survey (the .csv holds the same answers as the .xlsx).
SAMPLE = transcripts/fokusgruppe_1_dagpenge.docx transcripts/fokusgruppe_2_kontanthjaelp.txt \
	transcripts/fokusgruppe_3_sygedagpenge.vtt transcripts/brugerundersoegelse_2020_2021.xlsx

.PHONY: run demo test test-all lint models bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned to the CPU build: a plain `torch` requirement would pull a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/focusgroup analyze $(SAMPLE) --out $(DEMO) --group-by Ydelse --title "Brugerundersøgelse i jobcentret 2020-2021 (eksempel)" \
	  --text-column "Hvad fungerer godt?" --text-column "Hvad kan jobcentret gøre bedre?"

run: demo
	$(BIN)/focusgroup app $(DEMO)/project.fgproj

# pytest exits 5 when it collects no tests; that is not a failure of the code.
test: $(VENV)/.installed
	$(BIN)/python -m pytest; status=$$?; [ $$status -eq 5 ] && status=0; exit $$status

test-all: $(VENV)/.installed
	$(BIN)/python -m pytest -m ""

lint: $(VENV)/.installed
	$(BIN)/ruff check focusgroup tests bench scripts app.py

# Retrain the project's own models from ../shared (DaNE, sentiment sets); see models/*/MODEL_CARD.md.
models: $(VENV)/.installed
	$(BIN)/python scripts/train_spacy.py
	nice -n 5 $(BIN)/python scripts/train_ner.py
	$(BIN)/python -m focusgroup.sentiment.train
	nice -n 10 $(BIN)/python scripts/train_sentiment_e5.py --oof-dir .cache/sentiment/e5

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache
