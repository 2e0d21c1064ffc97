# Two commands on a fresh machine: `make chat` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REDIS_PORT ?= 6379
# pytest-xdist workers: four on the 2-core machine, because most tests wait on sockets and
# processes rather than compute (bench/results/suite.md); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 4

.PHONY: chat test lint typecheck pytest bench clean redis

# The system's pip installs uv into a pip-less venv (hash-checked, requirements-bootstrap.lock);
# uv installs the hash-locked dependencies and the project: ~10 s on a fresh machine, not ~26 s.
$(STAMP): requirements-bootstrap.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet --require-hashes \
		-r requirements-bootstrap.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

chat: $(STAMP)
	@$(BIN)/bundletrip chat

redis:
	@scripts/ensure-redis.sh $(REDIS_PORT)

lint: $(STAMP)
	$(BIN)/ruff check bot adapters tests bench standins
	$(BIN)/ruff format --check bot adapters tests bench standins

typecheck: $(STAMP)
	$(BIN)/mypy bot adapters tests bench standins

# One run: tests that start processes run one at a time in their xdist group ("spawned-telegram"
# for the Telegram crash tests, "spawned-processes" for the rest); the two groups run side by side.
# PYTHONDONTWRITEBYTECODE is cleared so each worker's assertion-rewritten test modules are cached
# in __pycache__: a later run's workers collect in ~3 s of CPU instead of ~6 s each.
pytest: $(STAMP) redis
	PYTHONDONTWRITEBYTECODE= REDIS_TEST_URL=redis://127.0.0.1:$(REDIS_PORT)/0 \
		$(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadgroup

# Lint first (a second); then mypy and pytest side by side — pytest mostly waits on sockets and
# processes, so mypy fills the idle core. --output-sync prints each one's output whole, once it
# ends; either failing fails `make test`.
test: lint
	@$(MAKE) --no-print-directory -j2 --output-sync=target typecheck pytest

bench: $(STAMP) redis
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
