"""What changed between two versions of a report, question by question."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from bot.console.answers import question_texts


@dataclass(frozen=True, slots=True)
class Change:
    title: str
    before: str
    after: str

    @property
    def marked(self) -> Markup:
        """The new text with deletions struck through and insertions marked (per character,
        which suits Chinese better than per word)."""
        parts: list[str] = []
        matcher = SequenceMatcher(None, self.before, self.after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op in ("replace", "delete"):
                parts.append(f"<del>{escape(self.before[a1:a2])}</del>")
            if op in ("replace", "insert"):
                parts.append(f"<ins>{escape(self.after[b1:b2])}</ins>")
            if op == "equal":
                parts.append(str(escape(self.after[b1:b2])))
        return Markup("".join(parts))


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The questions whose answer differs, in asking order."""
    old = question_texts(before)
    new = question_texts(after)
    return [
        Change(title, old_text, new_text)
        for (_, title, old_text), (_, _, new_text) in zip(old, new, strict=True)
        if old_text != new_text
    ]
