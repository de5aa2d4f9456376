"""Every `--help` example and the README's examples run as written, in a fresh folder
holding the repository's demo corpus and a `.venv` like a fresh clone's after setup.

Left out, as they are not examples of use: the README's set-up and test commands (this
test runs under them) and its Development block (benchmarks, rebuilding the corpus)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baocao.cli import app
from pipeline.store import connect
from pipeline.users import add_user

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GOLD = Path(os.environ.get("BAOCAO_GOLD", ROOT.parent / "shared" / "gold"))
NAMES = [info.name or info.callback.__name__ for info in app.registered_commands]
COMMANDS = ["ingest", *(name for name in NAMES if name != "ingest")]  # the others need it


def help_examples() -> list[tuple[str, str]]:
    """(command, example) from each command's help, ingest first (the others need it);
    each as `--help` prints it (there maybe wrapped, hence compared without spaces)."""
    docs = {
        (info.name or info.callback.__name__): info.callback.__doc__ or ""
        for info in app.registered_commands
    }
    found = []
    for command in COMMANDS:
        shown = CliRunner().invoke(app, [command, "--help"]).output
        for example in re.findall(r"Example: (baocao .+)", docs[command]):
            squeezed = "".join(example.split())
            assert squeezed in "".join(shown.replace("│", "").split()), example
            found.append((command, example.strip()))
    return found


def readme_blocks(language: str, after: str, before: str) -> list[str]:
    section = README[README.index(after) : README.index(before)]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the repository after `scripts/setup`, with the dataset the
    README's first command makes."""
    if not (ROOT / "corpus" / "pdf").is_dir():
        pytest.skip("demo corpus missing")
    folder = tmp_path_factory.mktemp("clone")
    shutil.copytree(ROOT / "corpus", folder / "corpus")
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    first = re.search(r"scripts/setup && (\.venv/bin/baocao ingest [^#\n]+)", README)
    assert first, "the README starts with set-up and ingest"
    _run(first.group(1), folder)
    assert (folder / "baocao.duckdb").exists()
    con = connect(folder / "baocao.duckdb")  # the user the README adds before `review`
    add_user(con, "lan", "admin", "a password for the examples")
    con.close()
    return folder


def _run(script: str, folder: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{folder / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, f"{script}\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    assert "Traceback" not in run.stderr
    return run


def test_every_command_has_an_example() -> None:
    assert {command for command, _ in help_examples()} == set(COMMANDS)
    assert {"ingest", "query", "export", "trace"} <= set(COMMANDS)


def _serves(example: str, folder: Path) -> None:
    """Start a command that serves pages, wait until its address answers, then stop it."""
    given = re.search(r"--port (\d+)", example)
    port = int(given.group(1)) if given else 8765  # the command's default
    env = dict(os.environ, PATH=f"{folder / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    server = subprocess.Popen(["bash", "-c", f"exec {example}"], cwd=folder, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"{example} stopped with {server.returncode}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    return
            except OSError:
                assert time.monotonic() < deadline, f"{example} never answered"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _serves_flow(example: str, folder: Path) -> None:
    """Start `baocao serve` over an inbox holding one report, wait until it says where its
    Prefect UI is and that address answers, then stop it."""
    inbox = re.search(r"--inbox (\S+)", example).group(1)
    (folder / inbox).mkdir(exist_ok=True)
    shutil.copy(sorted((ROOT / "corpus" / "txt").glob("*.txt"))[0], folder / inbox)
    env = dict(os.environ, PATH=f"{folder / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    server = subprocess.Popen(
        ["bash", "-c", f"exec {example}"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ui = None
    try:
        seen = []
        for line in server.stdout:
            seen.append(line)
            ui = re.search(r"Prefect UI: (http://\S+)", line)
            if ui:
                with urllib.request.urlopen(ui.group(1), timeout=30) as page:
                    assert page.status == 200
                break
        else:
            raise AssertionError(f"{example} stopped with {server.wait()}: {''.join(seen)}")
    finally:
        server.terminate()  # at once: stopping must work before the first run, too
        server.wait(timeout=60)
        server.stdout.close()
    with pytest.raises(OSError):  # the local Prefect server it started stopped with it
        urllib.request.urlopen(f"{ui.group(1)}api/health", timeout=5)


def test_every_help_example_runs_as_written(clone: Path) -> None:
    for command, example in help_examples():
        if command == "review":
            _serves(example, clone)
            continue
        if command == "serve":
            _serves_flow(example, clone)
            continue
        if command == "eval":
            if not GOLD.is_dir():
                continue  # its gold answers are kept outside the repository
            shutil.copytree(GOLD, clone / "gold", dirs_exist_ok=True)
        run = _run(example, clone)
        assert run.stdout.strip(), example


def test_the_readme_shell_examples_run_as_written(clone: Path) -> None:
    blocks = readme_blocks("sh", "## Analysts", "## Reading files")
    assert len(blocks) >= 2
    for block in blocks:
        if "postgresql://" in block:
            continue  # needs a database server: tests/test_postgres.py runs these commands
        if "baocao review" in block:  # serves pages until stopped
            assert len(block.strip().splitlines()) == 1
            _serves(block.split("#")[0].strip(), clone)
        elif "baocao serve" in block:  # serves the flow until stopped; then the one-off run
            lines = [line.split("#")[0].strip() for line in block.splitlines()]
            commands = [line for line in lines if line]
            _serves_flow(commands[0], clone)
            for command in commands[1:]:
                _run(command, clone)
        else:
            _run(block, clone)
    assert (clone / "baocao.xlsx").stat().st_size > 0
    assert (clone / "export" / "reports_wide.parquet").exists()


def test_the_readme_python_examples_run_as_written(clone: Path) -> None:
    blocks = readme_blocks("python", "## Analysts", "## Scheduled ingestion")
    assert len(blocks) == 2
    script = "\n".join(blocks) + "\nprint(len(api.wide('baocao.duckdb')))\n"
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-1] == "5"  # the demo corpus: five reports
