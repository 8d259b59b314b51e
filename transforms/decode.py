"""Bytes -> text, with the charset taken from the best evidence available.

Order of evidence:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) — it cannot lie;
2. strict UTF-8 when the bytes hold non-ASCII text: multi-byte GBK/Big5 text is practically never
   valid UTF-8, whereas pages re-saved as UTF-8 often keep a stale ``<meta charset=gb2312>`` (and
   GB18030 decodes almost any byte string, so trusting that label first would garble them);
3. the charset declared by the transport (HTTP ``Content-Type``), if the bytes decode with it;
4. for HTML, ``<meta charset=...>`` / ``<meta http-equiv="Content-Type" content="...charset=...">``
   in the first few KB, if the bytes decode with it;
5. UTF-16 without BOM (every other byte NUL in an ASCII-heavy file);
6. charset-normalizer's best guess.

GB2312 and GBK are read as GB18030 (a superset: pages labelled gb2312 routinely contain GBK
characters). A declared charset that fails on the bytes is ignored rather than trusted, since
servers often send a wrong default.

When no charset decodes every byte, a report with a few bad bytes (a truncated character, a
stray byte from a copy-paste) is still read: UTF-8 (or the declared/``<meta>`` charset) with the
bad bytes replaced by U+FFFD, when they are at most ``MAX_REPLACED_SHARE`` of the input; the
number replaced is returned (``Decoded.replaced_bytes``) and becomes the cleaning flag
``replaced_bytes:N``. Bytes nothing can decode raise ``TransformError("decode", ...)``.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from transforms.records import TransformError

# Labels that name a subset of GB18030; decoding with the superset never loses a character.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",  # superset of Big5 used by HK/TW sites
    "x-big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-16",
    "iso-8859-1": "cp1252",  # browsers treat latin-1 as windows-1252 (WHATWG)
    "latin1": "cp1252",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_WEAK_DECLARATIONS = {"cp1252", "latin_1", "iso8859-1"}

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HTML_SNIFF_BYTES = 4096

# A text with more bad bytes than this share is not a damaged report but something else: rejected.
# ~20 stray bytes in a report of 1 KB or more pass; a tiny file gets no allowance at all.
MAX_REPLACED_SHARE = 0.02


@dataclass(frozen=True)
class Decoded:
    """The text, the charset it was read with, and how many bytes had to be replaced."""

    text: str
    charset: str | None
    replaced_bytes: int = 0

    @property
    def flags(self) -> tuple[str, ...]:
        """Cleaning flags saying what decoding had to do (``replaced_bytes:N``)."""
        return (f"replaced_bytes:{self.replaced_bytes}",) if self.replaced_bytes else ()


_counting = threading.local()


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):  # registered for decoding only
        raise error
    _counting.replaced = getattr(_counting, "replaced", 0) + (error.end - error.start)
    return "\ufffd", error.end


codecs.register_error("jiedao-count-replace", _count_and_replace)


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, with GB2312/GBK widened to GB18030; None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _CHARSET_ALIASES.get(codec, codec)


def _bom_charset(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_HTML_SNIFF_BYTES])
    return match.group(1).decode("ascii", "ignore") if match else None


def _try_decode(data: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:2000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    charset = normalise_charset(best.encoding)
    return _try_decode(data, charset)


def _decode_replacing(data: bytes, charset: str | None) -> tuple[str, int] | None:
    """``data`` decoded with bad bytes replaced by U+FFFD, and how many bytes were replaced."""
    if not charset:
        return None
    _counting.replaced = 0
    try:
        text = data.decode(charset, errors="jiedao-count-replace")
    except LookupError:
        return None
    return text, _counting.replaced


def _few_bad_bytes(data: bytes, candidates: list[str | None]) -> Decoded | None:
    """The first candidate charset that reads ``data`` with only a few bytes replaced."""
    allowance = int(len(data) * MAX_REPLACED_SHARE)
    for charset in dict.fromkeys(c for c in candidates if c):
        decoded = _decode_replacing(data, charset)
        if decoded is not None and 0 < decoded[1] <= allowance:
            return Decoded(decoded[0], charset, decoded[1])
    return None


def decode_bytes(data: bytes, *, declared_charset: str | None = None, is_html: bool = False) -> str:
    """The text of ``data``; raises ``TransformError("decode", reason)`` when no charset fits."""
    return decode_text(data, declared_charset=declared_charset, is_html=is_html).text


def decode_text(data: bytes, *, declared_charset: str | None = None, is_html: bool = False) -> Decoded:
    """The text of ``data`` with the charset used and the number of bad bytes replaced.

    Raises ``TransformError("decode", reason)`` when no charset fits, even allowing a few bad bytes.
    """
    if not data:
        return Decoded("", None)
    bom = _bom_charset(data)
    if bom is not None:
        bom_charset, skip = bom
        text = _try_decode(data[skip:], bom_charset)
        if text is not None:
            return Decoded(text, bom_charset)
    if not data.isascii():
        # Non-ASCII bytes that are valid UTF-8 are UTF-8: GBK/Big5 text is practically never valid
        # UTF-8, while saved pages often keep a stale <meta charset=gb2312> after re-encoding.
        text = _try_decode(data, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8")
    declared = normalise_charset(declared_charset)
    # Servers send ISO-8859-1 as a default for anything; it decodes every byte, so it only counts last.
    weak = declared if declared in _WEAK_DECLARATIONS else None
    strong = None if weak else declared
    meta = normalise_charset(_meta_charset(data)) if is_html or data.lstrip()[:1] == b"<" else None
    for charset in (strong, meta, "utf-8", _looks_like_utf16(data)):  # utf-8 here: pure ASCII
        text = _try_decode(data, charset)
        if text is not None:
            return Decoded(text, charset)
    # A few bad bytes in otherwise valid UTF-8 (or the declared charset): replaced, not rejected whole.
    # Before detection: GB18030 decodes almost any byte string, so a guess would garble UTF-8 text.
    damaged = _few_bad_bytes(data, ["utf-8", strong, meta])
    if damaged is not None:
        return damaged
    text = _detected(data)
    if text is not None and "\x00" not in text:
        return Decoded(text, None)
    text = _try_decode(data, weak)
    if text is not None:
        return Decoded(text, weak)
    raise TransformError(
        "decode",
        f"The {len(data)} bytes could not be read as text: they are not valid UTF-8, UTF-16, "
        f"GB18030 or Big5 and no declared charset ({declared_charset or 'none'}) fits them.",
    )
