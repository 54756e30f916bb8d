"""Bytes to normalized text, so Danish letters survive whatever editor wrote the file.

Rules, in order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); then strict UTF-8 (almost
never succeeds by accident on 8-bit text); then UTF-8 with a few stray bytes replaced, when valid
multi-byte characters outnumber them ten to one; then UTF-16 without a BOM (many NUL bytes); then the
8-bit code pages Danish files actually come in: cp1252 (Windows), cp850 (old DOS) and Mac Roman,
whichever makes the text read most like Danish (æ, ø, å rather than ‘, ›, †); charset-normalizer
alone picks cp1257 for DOS Danish. cp1252 and latin-1 agree on every byte except 0x80-0x9F, so a
cp1252 file without such bytes is reported as latin-1. Only when no code page decodes the bytes is
charset-normalizer asked to guess.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from focusgroup.ingest.errors import IngestError

_BOMS: list[tuple[bytes, str, str]] = [
    # (bom, codec used to decode the rest, name reported)
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]

# Control characters other than tab and newline: dropped (form feed becomes a line break).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff\u200b]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0c\x85]")


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding name)``; raises IngestError for binary data."""
    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), label
            except UnicodeDecodeError as exc:
                raise IngestError(name, "encoding", detail=f"invalid {label}: {exc.reason}") from exc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(raw)
    if mostly_utf8 is not None:
        return mostly_utf8
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    if looks_binary(raw):
        raise IngestError(name, "binary")
    codec = _best_8bit(raw[:1_000_000])
    if codec == "cp1252" and not any(0x80 <= b <= 0x9F for b in raw):
        return raw.decode("latin-1"), "latin-1"
    if codec:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("latin-1"), "latin-1"


_CODE_PAGES = ("cp1252", "cp850", "mac_roman")  # Windows, old DOS, old Mac
# Danish letters where Danish puts them: next to lower-case letters, or a capital starting a word.
_DANISH = re.compile(r"[a-zæøå][æøå]|[æøå][a-zæøå]|(?<![^\W\d_])[ÆØÅ][a-zæøå]")
# What Danish letters or Windows punctuation turn into when read in the wrong code page.
_WRONG = re.compile(r"(?<=[^\W\d_])[‘›†¯¸¾¿Œµ°®ÕÆØÅ](?=[^\W\d_])|[ôûùÇ]")


def _best_8bit(sample: bytes) -> str | None:
    """The code page under which the sample reads most like Danish; cp1252 unless another is clearly better.

    The margin keeps English or Danish cp1252 text with curly quotes from being read as DOS text.
    """
    scores: dict[str, int] = {}
    for codec in _CODE_PAGES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        scores[codec] = len(_DANISH.findall(text)) - 2 * len(_WRONG.findall(text))
    if not scores:
        return None
    best = max(scores, key=lambda c: scores[c])
    if "cp1252" in scores and scores[best] <= scores["cp1252"] + 2:
        return "cp1252"
    return best


def _mostly_utf8(raw: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few stray bytes (two files pasted together): keep the UTF-8, mark the bad bytes.

    Decoding such a file as cp1252 would turn every correct "ø" into "Ã¸"; so when valid multi-byte
    characters outnumber invalid bytes ten to one, the invalid bytes become U+FFFD instead.
    """
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if good >= 10 * bad:
        return text, f"utf-8 ({bad} invalid byte{'s' if bad > 1 else ''} replaced)"
    return None


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    sample = raw[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        return raw.decode(codec), "utf-16"
    except UnicodeDecodeError:
        return None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control bytes in the first 8 KB: not text in any encoding we accept."""
    sample = raw[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def normalize(text: str) -> str:
    """Line endings to ``\\n``, Unicode NFC (å typed as a + ring becomes one character), no stray controls."""
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """``decode`` then ``normalize``: what every plain-text reader wants."""
    text, encoding = decode(raw, name)
    return normalize(text), encoding
