"""What changed between two versions of a report, question by question."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from markupsafe import Markup, escape

from bot.console.answers import question_texts
from handlers.checkin import form


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
    # A question only one side has (the quarter's targets) compares with "".
    old = {key: text for key, _, text in question_texts(before)}
    new = {key: text for key, _, text in question_texts(after)}
    return [
        Change(question.title, old.get(question.key, ""), new.get(question.key, ""))
        for question in form.questions()
        if old.get(question.key, "") != new.get(question.key, "")
    ]
