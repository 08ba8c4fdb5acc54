# The two set-up commands: `make demo` and `make test`. Each builds .venv when it is missing or
# older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CAMEL_TOOLS := camel-tools==1.6.0

.PHONY: demo test lint clean

$(BIN)/akhbar: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps $(CAMEL_TOOLS)
	touch $(BIN)/akhbar

demo: $(BIN)/akhbar
	$(BIN)/akhbar demo

test: $(BIN)/akhbar
	$(BIN)/python -m pytest -q

lint: $(BIN)/akhbar
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) output/articles output/rejects
