"""Text normalisation shared by the loader, the matcher and the answer engine."""

from __future__ import annotations

import re
import unicodedata

# Everything but letters, digits (any script) and "+" (as in 互联网+) is noise for matching.
_NOISE = re.compile(r"[^\w+]|_")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_REGION_PREFIXES = ("天津市", "东丽区", "区")
_NAME_SUFFIXES = ("指标专班", "专班", "指标")


def fold(text: str) -> str:
    """NFKC (full width to half width, ＋ to +) and case folding."""
    return unicodedata.normalize("NFKC", text).casefold()


def normalize(text: str) -> str:
    """The compact form used for matching: folded, without spaces, punctuation or quotes."""
    return _NOISE.sub("", fold(text))


def normalize_name(text: str) -> str:
    """The compact form of a unit or task force name, without the region prefix (东丽区, 区)
    and the 指标专班/专班/指标 suffix, so that "区法院" is "法院" and "开办企业指标专班" is
    "开办企业"."""
    key = normalize(text)
    for prefix in _REGION_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            key = key[len(prefix) :]
    suffix = next((suffix for suffix in _NAME_SUFFIXES if key.endswith(suffix)), "")
    return key[: -len(suffix)] if suffix and len(key) > len(suffix) + 1 else key


def ascii_words(text: str) -> tuple[str, ...]:
    """The Latin-letter and digit words of the folded text, in order."""
    return tuple(_ASCII_WORD.findall(fold(text)))


def match_key(text: str) -> str:
    """The key a name is matched by: its ASCII words joined by spaces for an all-ASCII name
    (Getting Electricity → getting electricity), else its compact form."""
    return " ".join(ascii_words(text)) if text.isascii() else normalize(text)
