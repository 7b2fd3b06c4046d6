"""Encodings decode to the same text; binaries and undecodable bytes are refused, never turned into mojibake."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from extract.errors import InputError
from extract.ingest import load_document
from extract.ingest.decode import decode_bytes, format_size, sniff_binary
from extract.ingest.encodings import guess_encoding

SIMPLIFIED = (
    "王刚曾任新加坡南洋理工大学终身教授。2017 年，他加入阿里巴巴，先后担任人工智能实验室首席科学家、"
    "达摩院自动驾驶实验室负责人。2022 年 1 月，他离职创业。"
)
TRADITIONAL = (
    "王剛曾任新加坡南洋理工大學終身教授。2017 年，他加入阿里巴巴，先後擔任人工智慧實驗室首席科學家、"
    "達摩院自動駕駛實驗室負責人。2022 年 1 月，他離職創業。"
)


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-8", "utf-8"),
        (TRADITIONAL, "utf-8-sig", "utf-8-sig"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gb18030", "gb18030"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-16-be", "utf-16-be"),  # no BOM: charset-normalizer recognises it
    ],
)
def test_same_text_from_every_encoding(tmp_path: Path, text: str, codec: str, name: str) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(text.encode(codec))
    doc = load_document(path)
    assert doc.text == text
    assert doc.encoding == name


def test_all_encodings_give_identical_documents(tmp_path: Path) -> None:
    texts = set()
    for codec in ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(TRADITIONAL.encode(codec))
        texts.add(load_document(path).text)
    assert texts == {TRADITIONAL}


def test_crlf_and_cr_newlines(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes("第一行\r\n第二行\r第三行\n".encode())
    assert load_document(path).text == "第一行\n第二行\n第三行"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"PK\x03\x04" + bytes(64), "zip archive"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"\xff\xd8\xff\xe0" + bytes(16), "JPEG image"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"hello world", None),
        (b"\xff\xfeh\x00i\x00", None),  # a UTF-16 BOM is not a JPEG
    ],
)
def test_sniff_binary(data: bytes, kind: str | None) -> None:
    assert sniff_binary(data) == kind


def test_nul_bytes_are_binary() -> None:
    data = random.Random(1).randbytes(4096)
    with pytest.raises(InputError, match=r"^.*: binary file$"):
        decode_bytes(data, "x.bin")


def test_random_high_bytes_are_undecodable() -> None:
    rng = random.Random(0)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(4096))
    with pytest.raises(InputError) as info:
        decode_bytes(data, "x.txt")
    assert info.value.reason.startswith("undecodable bytes (")


def test_the_guess_reads_gbk_and_big5_as_chinese_and_names_the_superset() -> None:
    assert guess_encoding(SIMPLIFIED.encode("gbk"), "x.txt") == (SIMPLIFIED, "gb18030")
    assert guess_encoding(TRADITIONAL.encode("big5"), "x.txt") == (TRADITIONAL, "big5")


def test_the_guess_refuses_nul_bytes_that_are_not_utf16() -> None:
    with pytest.raises(InputError, match=r"^.*: binary file$"):
        guess_encoding(b"plain\x00text\x00\x01\x02", "x.txt")


def test_bom_that_lies_is_undecodable() -> None:
    with pytest.raises(InputError, match="undecodable bytes"):
        decode_bytes(b"\xef\xbb\xbf\xff\xfe\xfd broken", "x.txt")


@pytest.mark.parametrize(
    ("size", "text"), [(10_485_760, "10.5 MB"), (5_000_000, "5.0 MB"), (1_500, "1.5 KB"), (12, "12 bytes")]
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
