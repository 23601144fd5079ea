"""The tree is the architecture: imports run one way, interfaces go through the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imports(path: Path, top_level_only: bool = False) -> set[str]:
    """First components of the modules a file imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize(("layer", "forbidden"), [("index", {"rag", "api"}), ("rag", {"api"})])
def test_imports_run_one_way(layer: str, forbidden: set[str]) -> None:
    for path in _modules(layer):
        assert not _imports(path) & forbidden, path.relative_to(ROOT)


def test_index_tests_do_not_import_the_pipeline() -> None:
    for path in [*_modules("tests/index"), ROOT / "tests" / "conftest.py"]:
        assert not _imports(path, top_level_only=True) & {"rag", "api"}, path.relative_to(ROOT)


def test_interfaces_reach_the_store_only_through_the_engine() -> None:
    interfaces = [*_modules("api"), ROOT / "rag" / "cli.py", ROOT / "rag" / "retriever.py"]
    for path in interfaces:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        reached = {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in {"store", "searcher", "indexer"}
        }
        assert not reached, (path.relative_to(ROOT), reached)
