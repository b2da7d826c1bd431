"""The file store keeps what it is given, once, under its digest, and refuses what it must."""

from __future__ import annotations

import hashlib

import pytest

from storage.files import FileRefused, FileStore, file_type, safe_name

PDF = b"%PDF-1.7\n" + b"x" * 100


def test_bytes_are_kept_once_under_their_digest(tmp_path):
    store = FileStore(tmp_path)
    first = store.put(PDF, "pdf")
    again = store.put(PDF, "pdf")
    assert first == again
    assert first.sha256 == hashlib.sha256(PDF).hexdigest() and first.size == len(PDF)
    assert store.read(first.path) == PDF
    assert store.verify(first.path, first.sha256)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [first.sha256]


def test_a_damaged_or_missing_file_fails_verification(tmp_path):
    store = FileStore(tmp_path)
    stored = store.put(PDF, "pdf")
    (tmp_path / stored.path).write_bytes(b"changed")
    assert not store.verify(stored.path, stored.sha256)
    (tmp_path / stored.path).unlink()
    assert not store.verify(stored.path, stored.sha256)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("会议纪要.pdf", PDF, "pdf"),
        ("photo", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "jpg"),
        ("名册.csv", "专班,姓名\n纳税,李四\n".encode("gbk"), "csv"),
        ("说明.txt", "说明".encode(), "txt"),
        ("voice.amr", b"#!AMR\n" + b"\x00" * 50, "amr"),
    ],
)
def test_types_are_told_by_content_first(name, data, kind):
    assert file_type(name, data) == kind


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "type"),
        ("report.pdf.exe", b"MZ\x90\x00" + b"\x00" * 60, "type"),
        ("fake.csv", b"\xff\xfe\x00\xd8" * 10 + b"\x81", "type"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", PDF * 10, "too_big"),
    ],
)
def test_what_is_not_kept_is_refused_with_a_reason(tmp_path, name, data, reason):
    with pytest.raises(FileRefused) as refused:
        FileStore(tmp_path).check(name, data, max_bytes=len(PDF) * 5)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\纪要.docx", "纪要.docx"),
        (".bashrc", "bashrc"),
    ],
)
def test_a_sender_never_chooses_a_path(sent, kept):
    assert safe_name(sent) == kept
