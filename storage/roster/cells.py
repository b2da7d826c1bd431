"""Cleaning of one cell as typed by hand: full-width forms, stray spaces, invisible marks."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def clean(value: str) -> str:
    """NFKC (full-width letters, digits and spaces to half-width), no invisible marks,
    runs of whitespace as one space, trimmed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value))
    return _SPACES.sub(" ", text).strip()


def name_of(cell: str) -> str:
    """A person's name from a `clean` cell; spaces typed to line up a two-character name
    (张  三) go."""
    return _CJK_GAP.sub("", cell)
