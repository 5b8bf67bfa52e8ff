"""Country names and codes in many languages and scripts to ISO 3166-1 alpha-2.

countrynames does most of the work; pycountry knows the official codes and names. What both
miss or get wrong is fixed in `_OVERRIDES` (measured in tests/resolve/test_standardize.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import countrynames
import pycountry

from borderlens.resolve.standardize.scripts import to_latin

# Kosovo's user-assigned code is what customs systems use; ISO has not assigned one.
_EXTRA_CODES = frozenset({"XK"})
_ISO_ALPHA2 = frozenset(country.alpha_2 for country in pycountry.countries) | _EXTRA_CODES
_OVERRIDES = {
    "مصر": "EG",  # countrynames says MS (Montserrat)
    "кнр": "CN",
    "한국": "KR",
    "대한민국": "KR",
    "조선": "KP",
    "prc": "CN",
    "roc": "TW",
    "uk": "GB",
}
# countrynames lists capitals and big cities as aliases of their country ("London" -> GB,
# "Istanbul" -> TR); in an address or a country column they are cities, not countries.
_CITY_TEXT = (
    "tbilisi istanbul london berlin paris moscow moskva washington jakarta beijing shanghai "
    "tokyo dubai tehran brussels vienna prague budapest bucharest belgrade johannesburg "
    "toronto beirut tunis kinshasa maputo"
)
_CITY_NAMES = frozenset(_CITY_TEXT.split())
_NON_WORD = re.compile(r"[\W_]+")
_PARTS = re.compile(r"[(),/;]")


def _by_code(text: str) -> str | None:
    upper = text.upper()
    if len(upper) == 2 and upper in _ISO_ALPHA2:
        return upper
    if len(upper) == 3 and upper.isalpha():
        found = pycountry.countries.get(alpha_3=upper)
        return found.alpha_2 if found else None
    if upper.isdigit() and len(upper) <= 3:
        found = pycountry.countries.get(numeric=upper.zfill(3))
        return found.alpha_2 if found else None
    return None


def _by_name(text: str) -> str | None:
    code = countrynames.to_code(text)
    if code in _ISO_ALPHA2:
        return code
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


@lru_cache(maxsize=16384)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code from a code or a country name; None when unknown.

    Example:
        >>> country_code("Türkiye"), country_code("Россия"), country_code("中国")
        ('TR', 'RU', 'CN')
    """
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().casefold()
    if not cleaned:
        return None
    squeezed = _NON_WORD.sub("", cleaned)
    if squeezed in _CITY_NAMES or _NON_WORD.sub("", to_latin(cleaned)) in _CITY_NAMES:
        return None
    for candidate in (cleaned, squeezed):
        if candidate in _OVERRIDES:
            return _OVERRIDES[candidate]
    code = _by_code(squeezed) or _by_name(cleaned)
    if code is None:
        latin = to_latin(cleaned).strip()
        code = _by_name(latin) if latin and latin != cleaned else None
    if code is None and _PARTS.search(cleaned):
        # "Deutschland (DE)", "Germany, Federal Republic of": try each part alone.
        parts = (part.strip() for part in _PARTS.split(cleaned))
        code = next((found for part in parts if part and (found := country_code(part))), None)
    return code
