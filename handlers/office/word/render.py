"""Filling a docxtpl template: the office's copy when it has one, else the packaged default."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

PACKAGED = Path(__file__).parent / "templates"


def template_path(name: str, office_dir: Path | None) -> Path:
    if office_dir is not None and (office_dir / name).is_file():
        return office_dir / name
    return PACKAGED / name


def fill(path: Path, context: dict[str, Any]) -> bytes:
    document = DocxTemplate(str(path))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
