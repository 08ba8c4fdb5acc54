# The two set-up commands: `make demo` and `make test`. Each builds .venv when it is missing or
# older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CAMEL_TOOLS := camel-tools==1.6.0
# The `ner` extra's torch: this CPU build is on this kind of machine's disk. A plain `torch`
# from PyPI is the CUDA build (~3 GB); elsewhere use TORCH='torch --index-url <CPU wheel index>'.
TORCH ?= torch==2.13.0

.PHONY: demo test lint clean

$(BIN)/akhbar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps $(CAMEL_TOOLS)
	touch $(BIN)/akhbar

# The tests also load a (tiny, locally built) NER model: the `ner` extra, on top of the venv.
$(VENV)/.ner: $(BIN)/akhbar
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[test,ner]'
	touch $@

demo: $(BIN)/akhbar
	$(BIN)/akhbar demo

test: $(VENV)/.ner
	$(BIN)/python -m pytest -q

lint: $(BIN)/akhbar
	$(BIN)/ruff check .

clean:  # the venv and everything a run wrote under output/ (its README stays)
	rm -rf $(VENV) output/articles output/rejects output/runs output/logs \
		output/ledger.sqlite* output/.akhbar.lock
