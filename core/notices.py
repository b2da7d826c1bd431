"""Notices for one person, kept as items so that notices queued apart (a 催报 at 20:00, a 退回
at 21:00, a submission at 22:00) leave as one message when they fall due together, and an
item that no longer holds (a 催报 once the report is in) can be taken out before it leaves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Notices:
    """One person's notice items, in order; `header` (with {count}) opens a message of
    several. `topics` names what each item is about ("" for nothing to withdraw it by)."""

    header: str
    items: tuple[str, ...]
    topics: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.topics:
            object.__setattr__(self, "topics", ("",) * len(self.items))
        elif len(self.topics) != len(self.items):
            raise ValueError("one topic per item")

    @property
    def text(self) -> str:
        """The item alone, or the header and the numbered items."""
        if len(self.items) == 1:
            return self.items[0]
        numbered = "\n".join(f"{n}. {item}" for n, item in enumerate(self.items, 1))
        return self.header.format(count=len(self.items)) + "\n" + numbered

    def merged(self, later: Notices) -> Notices:
        """These items, then the later ones not already among them."""
        pairs = dict(zip(self.items, self.topics, strict=True))
        for item, topic in zip(later.items, later.topics, strict=True):
            pairs.setdefault(item, topic)
        return Notices(self.header, tuple(pairs), tuple(pairs.values()))

    def without(self, topics: frozenset[str]) -> Notices:
        """The items not about any of `topics`."""
        kept = [
            (item, topic)
            for item, topic in zip(self.items, self.topics, strict=True)
            if topic not in topics
        ]
        return Notices(self.header, tuple(i for i, _ in kept), tuple(t for _, t in kept))

    def to_json(self) -> dict[str, Any]:
        return {"header": self.header, "items": list(self.items), "topics": list(self.topics)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notices:
        items = tuple(str(item) for item in data["items"])
        return cls(str(data["header"]), items, tuple(str(t) for t in data.get("topics", ())))
