"""Documentation cannot drift: settings, commands and routes appear in the README."""

from __future__ import annotations

import re

from api.cli import cli
from rag.config import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"RAG_{name.upper()}" in README, name


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_every_command_is_documented() -> None:
    for name in cli.commands:
        assert f"rag {name}" in README, name


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    assert "pip install -e ." in blocks[0] and "rag serve" in blocks[0]
    assert "pip install -e '.[test]'" in blocks[1] and "pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]'" in ci and "python -m pytest" in ci
    assert "rag serve" in ci
