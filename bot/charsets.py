"""Bytes of an uploaded or ingested file to text, only when the encoding is certain.

A wrong guess is worse than a refusal: mojibake ("cafй", "декабрЯ", "РТЙЧЕФ") is indexed as
words nobody will ever search for, and the admin never learns why. So: a BOM decides; strict
UTF-8 decides; otherwise charset-normalizer ranks the candidates and the first whose text reads
as clean Russian (or holds no Russian to judge) wins; a file no candidate reads cleanly (two
encodings in one file, damaged bytes) is refused.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Checked longest first: UTF-32-LE's BOM starts with UTF-16-LE's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The single-byte encodings Russian and Western news files come in.
CANDIDATES = ["cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5", "cp1252", "latin_1"]
MAX_CHAOS = 0.2  # charset-normalizer's own mess measure, 0 (clean) to 1

# What clean Russian looks like, measured on Cyrillic words: at least this share known to the
# dictionary, overall and in every run of WINDOW words (a file half in another encoding fails
# the runs), and capitals inside words ("декабрЯ": mac-cyrillic read as cp1251) next to none.
MIN_KNOWN = 0.75
MIN_KNOWN_IN_WINDOW = 0.5
WINDOW = 40
MAX_INNER_CAPITALS = 0.05
MIN_WORDS_TO_JUDGE = 20

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]{2,}")
_INNER_CAPITAL = re.compile(r"[а-яё][А-ЯЁ]")


class Undecodable(ValueError):
    """The bytes are no text we can read with certainty; the message says what they look like."""


def decode_bytes(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise Undecodable(f"damaged {encoding.upper()} text") from None
    if b"\x00" in data[:4096]:
        raise Undecodable("binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        matches = list(from_bytes(data, cp_isolation=CANDIDATES))
    except Exception:  # charset-normalizer can trip on odd inputs: no certainty then
        matches = []
    for match in matches:
        if match.chaos <= MAX_CHAOS and reads_cleanly(str(match)):
            return str(match)
    raise Undecodable("no single encoding reads it cleanly")


def reads_cleanly(text: str) -> bool:
    """True unless the Russian in `text` looks like mojibake."""
    words = _CYRILLIC_WORD.findall(text)
    if len(words) < MIN_WORDS_TO_JUDGE:
        return True
    from bot.nlp import morph  # the dictionary is loaded only when there is Russian to judge

    known = [morph().word_is_known(word.lower()) for word in words]
    if sum(known) < MIN_KNOWN * len(known):
        return False
    for start in range(0, len(known) - WINDOW // 2, WINDOW):
        run = known[start : start + WINDOW]
        if sum(run) < MIN_KNOWN_IN_WINDOW * len(run):
            return False
    inner = sum(bool(_INNER_CAPITAL.search(word)) for word in words)
    return inner <= MAX_INNER_CAPITALS * len(words)
