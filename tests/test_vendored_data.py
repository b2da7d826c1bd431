"""The acceptance material vendored in tests/data/ is a faithful copy of the shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared import ACCEPTANCE, DATA, ROSTER_SAMPLE, SEEDS, SHARED

VENDORED = sorted(path for folder in (ACCEPTANCE, SEEDS) for path in folder.iterdir())
EXAMPLE_ROSTER = Path(__file__).resolve().parents[1] / "examples" / "roster_sample.csv"


@pytest.mark.parametrize("path", VENDORED, ids=lambda path: path.name)
def test_vendored_copy_equals_the_shared_folder(path: Path) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"no shared folder at {SHARED}: nothing to compare the copies with")
    original = SHARED / path.relative_to(DATA)
    assert original.is_file(), f"{original} is gone from the shared folder"
    assert path.read_bytes() == original.read_bytes(), f"{path} differs from {original}"


def test_every_shared_acceptance_file_is_vendored() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"no shared folder at {SHARED}")
    shared = {p.relative_to(SHARED) for p in (SHARED / "acceptance").iterdir() if p.is_file()}
    assert shared <= {path.relative_to(DATA) for path in VENDORED}


def test_the_readme_example_roster_is_the_acceptance_sample() -> None:
    assert EXAMPLE_ROSTER.read_bytes() == ROSTER_SAMPLE.read_bytes()
