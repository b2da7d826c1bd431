"""The acceptance material, vendored in tests/data/, and the shared folder it is copied from.

Tests read only the vendored copies, so a plain clone runs anywhere. The shared folder (the
source of truth kept beside the repository, ../shared) is looked at by one test only, which
checks the copies still equal it; ZHUANBAN_ACCEPTANCE_DIR points at shared/acceptance when
the checkout is elsewhere (a worktree). It is read at import, before the autouse fixture
clears ZHUANBAN_* from the environment of every test.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ACCEPTANCE = DATA / "acceptance"
SEEDS = DATA / "seeds"
QA_VISIBLE = ACCEPTANCE / "qa_visible.jsonl"
ROSTER_SAMPLE = ACCEPTANCE / "roster_sample.csv"
MECHANISM = SEEDS / "dongli-taskforce-mechanism.txt"

ACCEPTANCE_ENV = "ZHUANBAN_ACCEPTANCE_DIR"


def _shared_dir() -> Path:
    override = os.environ.get(ACCEPTANCE_ENV)
    if override:
        return Path(override).parent
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = _shared_dir()
