# Two commands: `make run` launches the application, `make test` checks it.
# Each creates .venv on first use and reinstalls the project when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
STAMP := $(VENV)/.installed
# Python writes its bytecode caches as on any user's machine, even where the environment says not to:
# otherwise every test worker, every program the tests start and every launch recompiles what it imports
# (pytest's rewritten test modules alone take 12 s of each worker's start).
unexport PYTHONDONTWRITEBYTECODE
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint clean postgresql bench package

# The installer uv (from PyPI, put beside the environment by the system's pip) fetches and unpacks the wheels
# in parallel: about 15 s instead of pip's 50 s on a fresh clone; the environment itself is made without pip
# (installing pip into it took 7 s). Where uv cannot be had or fails, pip is added and does the same install.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install --quiet --no-deps --no-compile --target $(VENV)/uv uv && \
		PYTHONPATH=$(VENV)/uv $(PYTHON) -m uv pip install --quiet --python $(BIN)/python -e '.[test,lint]' || \
		{ $(BIN)/python -m ensurepip --default-pip && $(BIN)/python -m pip install --quiet -e '.[test,lint]'; }
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py $(ARGS)

# Style (ruff), then the types of every layer below the GUI (mypy, configured in pyproject.toml): a fresh
# clone's first run analyses SQLAlchemy too (about 20 s of CPU), later ones reuse .mypy_cache (3 s).
lint: $(STAMP)
	$(BIN)/ruff check cpts_desktop tests benchmarks packaging main.py
	$(BIN)/mypy

# The Linux one-folder bundle: dist/cpts-desktop/ holds cpts-desktop (GUI) and cpts (command line).
package: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/cpts-desktop.spec
	@echo "Paquet : dist/cpts-desktop/ (installation Linux : packaging/linux/)"

# Performance figures against their targets (README « Performances »); under a minute.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run

# The tests start their own throwaway PostgreSQL server: install its binaries when they are missing.
postgresql:
	@command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
		echo "Installation du serveur PostgreSQL (paquet Debian) pour les tests…"; \
		$(SUDO) sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null'; }

# One test process per core (the command-line tests wait on subprocesses, the bundle test on PyInstaller).
# The bundle's build starts first; an idle worker takes the tests still queued on a busy one (worksteal).
# The project's bytecode compiled once beforehand: the test workers starting together do not each compile it.
# The types are checked beside the tests, not before them: mypy's cold run (about 20 s of CPU on a fresh
# clone) fills the moments a worker waits (a subprocess, PyInstaller, the last tests); its report follows
# the tests' and either failing fails the target.
test: $(STAMP) postgresql
	$(BIN)/ruff check cpts_desktop tests benchmarks packaging main.py
	$(BIN)/python -m compileall -q -j 0 cpts_desktop tests benchmarks >/dev/null
	$(BIN)/mypy >$(VENV)/mypy.log 2>&1 & types=$$!; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --dist worksteal; tests=$$?; \
	wait $$types; typed=$$?; cat $(VENV)/mypy.log; [ $$tests -eq 0 ] && [ $$typed -eq 0 ]

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
