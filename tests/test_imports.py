"""Every module imports alone in a fresh interpreter, and the floors' contracts hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import subprocess_env

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "knowledge", "storage", "handlers", "bot")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path.name == "__main__.py":
                continue  # __main__ runs the CLI; migrations are loaded by Alembic
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules()


def test_every_package_is_listed() -> None:
    assert {name.split(".")[0] for name in MODULES} == set(PACKAGES)


@pytest.mark.parametrize("chunk", range(4))
def test_each_module_imports_alone(chunk: int) -> None:
    # One interpreter per module: an import cycle hides when another module was loaded first.
    script = (
        "import subprocess, sys\n"
        "bad = []\n"
        "for name in sys.argv[1:]:\n"
        "    p = subprocess.run([sys.executable, '-c', 'import ' + name],"
        " capture_output=True, text=True)\n"
        "    if p.returncode:\n"
        "        bad.append(name + ': ' + (p.stderr.strip().splitlines() or ['?'])[-1])\n"
        "print('\\n'.join(bad))\n"
    )
    names = MODULES[chunk::4]
    result = subprocess.run(
        [sys.executable, "-c", script, *names],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env(),
    )
    assert result.stdout.strip() == "", result.stdout


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is a test dependency"
    result = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT, env=subprocess_env())
    assert result.returncode == 0, result.stdout[-3000:]
