"""Imports point one way: schemas <- extractors <- pipeline <- flows / baocao / web.

Also: every command of `baocao` documents itself with an example.
"""

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baocao.cli import app

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["schemas", "extractors", "pipeline", "flows", "baocao", "web"]
ALLOWED = {
    "schemas": {"schemas"},
    "extractors": {"schemas", "extractors"},
    "pipeline": {"schemas", "extractors", "pipeline"},
    "flows": {"schemas", "extractors", "pipeline", "flows"},
    "baocao": {"schemas", "extractors", "pipeline", "flows", "baocao", "web"},
    "web": {"schemas", "pipeline", "web"},  # the dataset only through pipeline functions
}


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_point_one_way(layer: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(_project_imports(path) - ALLOWED[layer])
        for path in (ROOT / layer).rglob("*.py")
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_pipeline_does_not_import_prefect() -> None:
    for path in (ROOT / "pipeline").rglob("*.py"):
        assert "prefect" not in path.read_text(encoding="utf-8"), path


COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
