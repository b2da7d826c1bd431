"""Where the shared acceptance material lives: ../shared beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

ACCEPTANCE_ENV = "ZHUANBAN_ACCEPTANCE_DIR"


def shared_dir() -> Path:
    """shared/ sits beside the repository (in CI and for the main checkout); the variable
    ZHUANBAN_ACCEPTANCE_DIR points at shared/acceptance elsewhere, e.g. from a worktree."""
    override = os.environ.get(ACCEPTANCE_ENV)
    if override:
        return Path(override).parent
    return Path(__file__).resolve().parents[2] / "shared"
