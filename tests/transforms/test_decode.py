"""Charset evidence order of transforms.decode.decode_bytes, on fictional pages."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from transforms.decode import decode_bytes, normalise_charset
from transforms.records import TransformError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "understand"
SAMPLE = "青石街道2023年工作总结：全年完成税收收入3.2亿元，同比增长8.5%。" * 4


def test_gbk_html_page_is_read_through_its_meta_charset():
    text = decode_bytes((FIXTURES / "gbk_page.html").read_bytes(), is_html=True)
    assert "青石街道2023年工作总结及2024年工作计划" in text


def test_big5_html_page_is_read_through_its_meta_charset():
    text = decode_bytes((FIXTURES / "big5_page.html").read_bytes(), is_html=True)
    assert "本里全年辦理活動十二場" in text


def test_utf16_file_with_bom_is_read():
    text = decode_bytes((FIXTURES / "utf16_report.txt").read_bytes())
    assert text.startswith("桃溪镇2022年工作总结")


def test_utf16_file_without_bom_is_read():
    text = decode_bytes((FIXTURES / "utf16le_nobom_report.txt").read_bytes())
    assert text.startswith("桃溪镇2022年工作总结")


def test_html_page_without_any_charset_is_read_as_utf8():
    text = decode_bytes((FIXTURES / "no_charset_page.html").read_bytes(), is_html=True)
    assert "化解矛盾纠纷86件" in text


def test_utf8_bom_is_dropped():
    assert decode_bytes(codecs.BOM_UTF8 + SAMPLE.encode("utf-8")) == SAMPLE


def test_plain_gbk_text_without_declaration_is_detected():
    assert decode_bytes(SAMPLE.encode("gbk")) == SAMPLE


def test_gb18030_only_characters_survive_a_gb2312_declaration():
    text = "𠀀" + SAMPLE  # a character outside GB2312/GBK
    assert decode_bytes(text.encode("gb18030"), declared_charset="gb2312") == text


def test_declared_charset_that_does_not_fit_the_bytes_is_ignored():
    assert decode_bytes(SAMPLE.encode("gbk"), declared_charset="utf-8") == SAMPLE


def test_iso_8859_1_default_header_does_not_garble_chinese():
    assert decode_bytes(SAMPLE.encode("gbk"), declared_charset="ISO-8859-1") == SAMPLE


def test_gbk_and_gb2312_labels_read_as_gb18030():
    assert normalise_charset("GB2312") == "gb18030"
    assert normalise_charset("gbk") == "gb18030"
    assert normalise_charset("no-such-charset") is None


def test_empty_bytes_are_empty_text():
    assert decode_bytes(b"") == ""


def test_undecodable_bytes_raise_a_decode_error_with_a_readable_reason():
    data = b"\xff\xfe\x00"  # a UTF-16 BOM followed by half a code unit
    with pytest.raises(TransformError) as error:
        decode_bytes(data + bytes([0x00, 0xD8, 0x00]))
    assert error.value.stage == "decode"
    assert "could not be read as text" in error.value.reason


def test_utf8_page_with_a_stale_gb2312_meta_is_read_as_utf8():
    html = '<html><head><meta charset="gb2312"></head><body>' + SAMPLE + "</body></html>"
    assert SAMPLE in decode_bytes(html.encode("utf-8"), is_html=True)
