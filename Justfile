# Developer shortcuts (https://github.com/casey/just)

test:
    python -m pytest

lint:
    ruff check . && ruff format --check . && mypy

fix:
    ruff check --fix . && ruff format .

bench:
    python bench/retrieval.py
