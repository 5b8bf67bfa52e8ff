"""Any script to Latin: Unicode normalization, transliteration and folding to tokens.

Cyrillic, Greek, Georgian, Armenian and Hangul go through rigour's `maybe_ascii` (passport-style
spellings: "Παπαδόπουλος" -> "Papadopoulos", where anyascii gives "Papadopoylos"); Han goes
through `han.han_to_latin` (pinyin words); every other script (Arabic, kana, Thai, Hebrew ...)
goes through anyascii.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rigour.text.translit import maybe_ascii

from borderlens.resolve.standardize.han import han_to_latin, is_han

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARABIC_ARTICLE = "ال"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


@lru_cache(maxsize=262144)
def _word_to_latin(word: str) -> str:
    if word.isascii():
        return word
    if any(is_han(char) for char in word):
        return _han_word_to_latin(word)
    if _is_arabic(word[0]) and word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        # Declarations write the article apart ("Al Noor"); anyascii would drop its alif.
        return "al " + anyascii(word[2:])
    latin = maybe_ascii(word)
    return latin if latin.isascii() else anyascii(latin)


def _han_word_to_latin(word: str) -> str:
    parts: list[str] = []
    run: list[str] = []
    for char in word:
        if is_han(char):
            run.append(char)
            continue
        if run:
            parts.append(f" {han_to_latin(''.join(run))} ")
            run.clear()
        parts.append(_word_to_latin(char) if not char.isascii() else char)
    if run:
        parts.append(f" {han_to_latin(''.join(run))} ")
    return "".join(parts)


def to_latin(text: str) -> str:
    """NFKC-normalize, casefold and transliterate text in any script to lowercase ASCII.

    Punctuation is kept; see `fold_tokens` for the token form.

    Example:
        >>> to_latin("ООО «Ромашка»")
        'ooo <<romashka>>'
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    latin = " ".join(_word_to_latin(word) for word in folded.split())
    return latin.lower()


def fold_tokens(text: str) -> list[str]:
    """Latin tokens of a text: apostrophes joined, other punctuation as word breaks.

    Example:
        >>> fold_tokens("O'Brien & Co., Ltd.")
        ['obrien', 'co', 'ltd']
    """
    latin = _APOSTROPHES.sub("", to_latin(text))
    return _NON_ALNUM.sub(" ", latin).split()


def join_initials(tokens: list[str]) -> list[str]:
    """Join runs of two or more one-letter tokens ("s a de c v" -> "sa de cv").

    Abbreviated legal forms are written with or without dots and spaces (S.A., S. A., SA);
    joining the letters gives them one spelling.
    """
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) == 1:
            joined.append(run[0])
        elif run:
            joined.append("".join(run))
        run = []
        if token:
            joined.append(token)
    return joined
