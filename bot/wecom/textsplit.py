"""Splitting long text into numbered parts that each fit WeCom's byte limit."""

from __future__ import annotations

TEXT_LIMIT = 2048
"""Bytes of one WeCom text (a message, a passive reply, a robot's text); WeCom cuts the rest."""


def _size(text: str) -> int:
    return len(text.encode())


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Parts of at most `limit` UTF-8 bytes, cut at line breaks where possible and at
    character boundaries otherwise, each prefixed "(i/n)" so the order is plain to read."""
    if _size(text) <= limit:
        return [text]
    count = 9
    while True:
        prefix_room = _size(f"({count}/{count})\n")
        chunks = _pack(text, limit - prefix_room)
        if len(chunks) <= count:
            total = len(chunks)
            return [f"({i}/{total})\n{chunk}" for i, chunk in enumerate(chunks, 1)]
        count = len(chunks)


def _pack(text: str, budget: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0  # bytes in `current`
    for line in text.splitlines(keepends=True):
        line_size = _size(line)
        if size + line_size <= budget:
            current.append(line)
            size += line_size
            continue
        if current:
            chunks.append("".join(current))
        while line_size > budget:  # a line longer than a part: cut between characters
            head = _prefix_within(line, budget)
            chunks.append(head)
            line = line[len(head) :]
            line_size -= _size(head)
        current, size = [line], line_size
    if current:
        chunks.append("".join(current))
    # A part boundary already separates the lines; a trailing newline would only add a gap.
    return [chunk.rstrip("\r\n") or chunk for chunk in chunks]


def _prefix_within(line: str, budget: int) -> str:
    """The longest start of `line` that fits in `budget` bytes."""
    encoded = line.encode()[:budget]
    return encoded.decode(errors="ignore")
