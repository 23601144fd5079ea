"""The OpenAPI spec is the contract: a bounded Schemathesis run against the ASGI app.

Schemathesis generates requests from ``/openapi.json`` for every operation and checks
every response against it (no 5xx, documented status codes, content types, response
schemas, schema-valid data accepted, invalid data rejected). It runs in-process (no
socket), with a fixed number of examples per operation and a time cap, once with an
editor key and once with none. The README gives the full ``st run`` against a live
server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from index.embed import Embedder
from rag.config import Settings
from tests.api.conftest import EDITOR
from tests.conftest import ROOT

schemathesis = pytest.importorskip("schemathesis")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
#: examples per operation and run; enough to reach every branch of the schema in a few
#: minutes on two cores (the full run is `st run`, see the README)
EXAMPLES = 15
#: seconds for the whole run (each of the two)
MAX_TIME = 75


@pytest.fixture()
def keyed_app(data_copy: Path, embedder: Embedder) -> Iterator[Any]:
    """The app with reader and editor keys on a private copy of the indexed corpus.

    Schemathesis starts its lifespan (the engine) on first use; it is stopped here.
    """
    from schemathesis.python.asgi import shutdown_lifespans

    keys = f"reader:reader-key-123,editor:{EDITOR}"
    yield create_app(Settings(data_dir=data_copy, api_keys=keys, audit_log="off"), embedder)
    shutdown_lifespans()


def run_schemathesis(app: Any, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Run Schemathesis' engine (the phases of `st run`: examples, coverage, fuzzing,
    stateful) on the app in-process, with every check and ``schemathesis.toml``.

    Returns:
        How many test cases ran, and one line per failed check.
    """
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import from_schema
    from schemathesis.engine.events import (
        FatalError,
        FuzzScenarioFinished,
        NonFatalError,
        ScenarioFinished,
    )

    config = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    if headers:
        schema.config.update(headers=headers)
    schema.config.generation.update(max_examples=EXAMPLES, database="none")
    schema.config.max_time = MAX_TIME
    schema.config.seed = 14
    cases, failures = 0, []
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished | FuzzScenarioFinished):
            cases += len(event.recorder.cases)
            for checks in event.recorder.checks.values():
                failures += [
                    f"{event.label}: {check.name}: {check.failure_info.failure.title}"
                    for check in checks
                    if check.failure_info is not None
                ]
        elif isinstance(event, FatalError | NonFatalError):
            failures.append(f"{type(event).__name__}: {event.info.title}: {event.info.message}")
    return cases, sorted(set(failures))


def test_the_api_keeps_its_contract_with_an_editor_key(keyed_app: Any) -> None:
    cases, failures = run_schemathesis(keyed_app, {"X-API-Key": EDITOR})
    assert not failures, "\n".join(failures)
    assert cases > 200


def test_the_api_keeps_its_contract_without_a_key(keyed_app: Any) -> None:
    cases, failures = run_schemathesis(keyed_app, {})
    assert not failures, "\n".join(failures)
    assert cases > 100
