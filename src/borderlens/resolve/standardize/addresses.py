"""Free-text postal addresses split into postcode, house number, street and city.

rigour.addresses compares and fingerprints addresses but does not split them into parts, and
libpostal cannot be installed here, so this is a small rule-based parser for the shapes customs
documents carry: "12 Rustaveli Ave, Tbilisi 0108", "ул. Ленина, д. 5, Москва 101000",
"Flat 3, 10 Downing Street, London SW1A 2AA", "深圳市南山区科技路8号". Parts it cannot place are
left None; every word still lands in `tokens`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from borderlens.resolve.standardize.countries import country_code
from borderlens.resolve.standardize.han import han_to_latin
from borderlens.resolve.standardize.scripts import to_latin

_STREET_WORDS = {
    "st": "street st jie",
    "rd": "road rd lu",
    "av": "avenue ave av avenida avda prospekt prosp prospect pr dadao gamziri",
    "blvd": "boulevard blvd bulvar bulvari",
    "ln": "lane ln",
    "dr": "drive",
    "hwy": "highway hwy",
    "sq": "square sq ploshchad",
    "pl": "place pl plaza",
    "ul": "ulitsa ul ulica vulytsia vul vulitsa",
    "per": "pereulok per",
    "nab": "naberezhnaya nab",
    "sh": "shosse",
    "cd": "caddesi cad cd",
    "sk": "sokak sok sokagi sk",
    "jl": "jalan jl jln",
    "str": "strasse str",
    "rue": "rue",
    "via": "via viale",
    "calle": "calle",
    "rua": "rua",
}
STREET_KEYWORDS = {word: short for short, words in _STREET_WORDS.items() for word in words.split()}
# Words after which the street name has ended ("10 Downing Street London").
_CLOSING_TEXT = (
    "street st road rd avenue ave boulevard blvd lane ln drive highway hwy place caddesi cad cd "
    "sokak sok sokagi sk"
)
_CLOSING_WORDS = frozenset(_CLOSING_TEXT.split())
_STREET_SUFFIXES = (
    "strasse",
    "str",
    "weg",
    "gasse",
    "platz",
    "allee",
    "straat",
    "laan",
    "gade",
    "vej",
    "katu",
    "utca",
)
_HOUSE_MARKERS = frozenset(["d", "dom", "no", "nr", "num", "number", "house", "bina", "n"])
_UNIT_TEXT = (
    "flat apt apartment unit suite ste room rm floor fl kv kvartira office ofis daire kat "
    "korpus korp pom box pobox shi"
)
_UNIT_MARKERS = frozenset(_UNIT_TEXT.split())
_CITY_MARKERS = frozenset(["g", "gorod", "city"])
_MARKER_WORDS = _HOUSE_MARKERS | _UNIT_MARKERS | _CITY_MARKERS | {"hao"}
_DIRECTIONS = frozenset(
    ["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"]
)

_POSTCODES = {
    "GB": r"[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}",
    "CA": r"[a-z]\d[a-z]\s*\d[a-z]\d",
    "NL": r"\d{4}\s*[a-z]{2}",
    "US": r"\d{5}(?:-\d{4})?",
    "JP": r"\d{3}-\d{4}",
    "PL": r"\d{2}-\d{3}",
    "BR": r"\d{5}-?\d{3}",
    "PT": r"\d{4}-\d{3}",
}
_SIX_DIGITS = ["RU", "BY", "KZ", "CN", "IN", "SG", "KG", "TJ", "UZ", "VN", "RO"]
_GENERIC_POSTCODE = r"\d{4,6}(?:-\d{3,4})?"
_UNKNOWN_COUNTRY = (_POSTCODES["GB"], _POSTCODES["CA"], _GENERIC_POSTCODE)
_NUMBER = re.compile(r"^\d+[a-z]?(?:[/-]\d+[a-z]?)?$")
_TOKEN = re.compile(r"[a-z0-9]+(?:[/-][a-z0-9]+)*")
_SEGMENT_BREAK = re.compile(r"[,;\n]")
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_HAN = "[\u4e00-\u9fff]"
_HAS_HAN = re.compile(_HAN)
_HAN_ADDRESS = re.compile(
    rf"(?:{_HAN}{{2,3}}省)?(?:(?P<city>{_HAN}{{2,4}}?)市)?(?:{_HAN}{{2,4}}?[区县])?"
    rf"(?P<street>{_HAN}+?(?:路|街|大道|道|巷|弄))?(?P<number>\d+[\w-]*?)号"
)


@dataclass(frozen=True)
class StandardAddress:
    """An address split into the parts entity matching compares.

    Attributes:
        original: The address as it came in.
        postcode: Postcode, casefolded, spaces and hyphens removed ("sw1a2aa").
        house_number: House number ("10", "12a", "5/2").
        street: Street name in Latin with its keyword shortened ("downing st", "ul lenina").
        city: City or town in Latin ("london", "moskva").
        tokens: Every word of the address in Latin, keywords shortened, sorted and unique.
        country: ISO alpha-2 country: the one given, or the one named in the address.
    """

    original: str
    postcode: str | None
    house_number: str | None
    street: str | None
    city: str | None
    tokens: tuple[str, ...]
    country: str | None = None


def _postcode_patterns(country: str | None) -> tuple[str, ...]:
    if country in _POSTCODES:
        return (_POSTCODES[country],)
    if country in _SIX_DIGITS:
        return (r"\d{6}",)
    return (_GENERIC_POSTCODE,) if country else _UNKNOWN_COUNTRY


@lru_cache(maxsize=64)
def _postcode_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])")


def _find_postcode(latin: str, country: str | None) -> re.Match[str] | None:
    for pattern in _postcode_patterns(country):
        found = None
        for match in _postcode_regex(pattern).finditer(latin):
            segment = _SEGMENT_BREAK.split(latin[match.end() :], maxsplit=1)[0]
            if not any(_is_street_word(token) for token in _TOKEN.findall(segment)):
                found = match
        if found is not None:
            return found
    return None


def _is_street_word(token: str) -> bool:
    return token in STREET_KEYWORDS or (len(token) > 6 and token.endswith(_STREET_SUFFIXES))


def _shorten(tokens: list[str]) -> str:
    return " ".join(STREET_KEYWORDS.get(token, token) for token in tokens)


def _take_house_number(tokens: list[str]) -> tuple[str | None, list[str]]:
    for index, token in enumerate(tokens[:-1]):
        if token in _HOUSE_MARKERS and _NUMBER.match(tokens[index + 1]):
            return tokens[index + 1], tokens[:index] + tokens[index + 2 :]
    if tokens and _NUMBER.match(tokens[0]):
        return tokens[0], tokens[1:]
    if tokens and _NUMBER.match(tokens[-1]):
        return tokens[-1], tokens[:-1]
    return None, tokens


def _drop_units(tokens: list[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for index, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        if token in _UNIT_MARKERS and index + 1 < len(tokens) and _NUMBER.match(tokens[index + 1]):
            skip = True
            continue
        kept.append(token)
    return kept


@dataclass
class _Parts:
    house_number: str | None = None
    street: str | None = None
    places: list[str] | None = None
    city: str | None = None
    country: str | None = None


def _street_segment(tokens: list[str], parts: _Parts) -> None:
    number, rest = _take_house_number(tokens)
    parts.house_number = parts.house_number or number
    closing = [i for i, token in enumerate(rest) if token in _CLOSING_WORDS and i > 0]
    if closing and closing[0] + 1 < len(rest):
        tail = rest[closing[0] + 1 :]
        if not set(tail) & _DIRECTIONS:
            rest = rest[: closing[0] + 1]
            _place_segment(tail, parts)
    parts.street = parts.street or _shorten(rest) or None


def _place_segment(tokens: list[str], parts: _Parts) -> None:
    if parts.places is None:
        parts.places = []
    parts.places.append(" ".join(tokens))


def _read_segment(tokens: list[str], parts: _Parts, is_last: bool) -> None:
    if tokens[0] in _UNIT_MARKERS:
        return
    if len(tokens) <= 2 and tokens[0] in _HOUSE_MARKERS | {"hao"} and _NUMBER.match(tokens[-1]):
        parts.house_number = parts.house_number or tokens[-1]
        return
    if len(tokens) == 1 and _NUMBER.match(tokens[0]):
        parts.house_number = parts.house_number or tokens[0]
        return
    if tokens[0] in _CITY_MARKERS and len(tokens) > 1:
        parts.city = " ".join(tokens[1:])
        return
    if any(_is_street_word(token) for token in tokens):
        _street_segment(tokens, parts)
        return
    if is_last and parts.places and not any(char.isdigit() for token in tokens for char in token):
        found = country_code(" ".join(tokens))
        if found is not None:
            parts.country = found
            return
    _place_segment(tokens, parts)


def _pick_city(parts: _Parts) -> str | None:
    if parts.city:
        return parts.city
    places = [place for place in parts.places or [] if place]
    if len(places) > 1 and len(places[-1]) == 2:
        return places[-2]  # "Washington, DC": the last part is a state
    return places[-1] if places else None


def _parse_han(text: str, parts: _Parts) -> None:
    match = _HAN_ADDRESS.search(text)
    if match is None:
        return
    if match["city"]:
        parts.city = han_to_latin(match["city"])
    if match["street"]:
        parts.street = _shorten(han_to_latin(match["street"]).split())
    parts.house_number = match["number"].casefold()


@lru_cache(maxsize=262144)
def standardize_address(text: str | None, country: str | None = None) -> StandardAddress | None:
    """Split a free-text address into postcode, house number, street, city and tokens.

    Args:
        text: The address, in any script.
        country: Country code or name, if known; it picks the postcode pattern.

    Example:
        >>> standardize_address("Flat 3, 10 Downing Street, London SW1A 2AA").street
        'downing st'
    """
    if text is None:
        return None
    normalized = unicodedata.normalize("NFKC", text).strip()
    if not normalized:
        return None
    given = country_code(country)
    parts = _Parts()
    if _HAS_HAN.search(normalized):
        _parse_han(normalized, parts)
    latin = _APOSTROPHES.sub("", to_latin(normalized))
    postcode_match = _find_postcode(latin, given)
    postcode = None
    if postcode_match is not None:
        postcode = re.sub(r"[^a-z0-9]", "", postcode_match.group())
        latin = f"{latin[: postcode_match.start()]},{latin[postcode_match.end() :]}"
    segments = [_drop_units(_TOKEN.findall(part)) for part in _SEGMENT_BREAK.split(latin)]
    segments = [tokens for tokens in segments if tokens]
    for index, tokens in enumerate(segments):
        _read_segment(tokens, parts, is_last=index == len(segments) - 1)
    words = {
        STREET_KEYWORDS.get(token, token)
        for tokens in segments
        for token in tokens
        if token not in _MARKER_WORDS
    }
    if postcode:
        words.add(postcode)
    return StandardAddress(
        original=text,
        postcode=postcode,
        house_number=parts.house_number,
        street=parts.street,
        city=_pick_city(parts),
        tokens=tuple(sorted(words)),
        country=given or parts.country,
    )
