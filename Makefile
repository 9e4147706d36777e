# Two commands for people: `make run` (the program on the embedded demo database) and `make test`
# (the whole suite on SQLite and PostgreSQL, plus ruff and mypy). Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest translations demo-db clean dist dist-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/subscriber-desk gui --demo

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench tools installer

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# The frozen one-folder program (PyInstaller) in dist/subscriber-desk, and its smoke test: the frozen
# program run as an office would (see installer/README.md). CI runs both after `make test`.
PYINSTALLER := $(VENV)/.pyinstaller

$(PYINSTALLER): $(STAMP) installer/requirements.txt
	$(BIN)/pip install --quiet -r installer/requirements.txt
	touch $(PYINSTALLER)

dist: $(PYINSTALLER)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		installer/subscriber-desk.spec

dist-check: dist
	$(BIN)/python tools/dist_check.py

# Re-extract the strings to translate and recompile the Russian catalog (see tools/i18n.py).
translations: $(STAMP)
	$(BIN)/python tools/i18n.py update

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info build dist
