"""Company and person names in one comparable form: Latin, folded, legal form kept apart."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rigour._core import person_name_prefixes_list

from borderlens.resolve.standardize.legal_forms import fold_name_tokens, split_legal_form
from borderlens.resolve.standardize.scripts import fold_tokens

# Words that say what kind of business a name belongs to, not which one. English, German,
# Turkish ("sanayi ve ticaret"), Russian, pinyin (gongsi, maoyi ...), Arabic as anyascii
# renders it (shrkh = شركة "company", lltjrh = للتجارة "for trade", mw'ss = مؤسسة).
_NOISE_TEXT = """
    co company companies corp corporation the and und et of
    handel handelsgesellschaft sanayi ticaret san tic ve ith ihr dis ithalat ihracat
    torgovyy torgovyi dom
    gongsi fengongsi zonggongsi shrkh lltjrh mss
"""
NOISE_WORDS = frozenset(_NOISE_TEXT.split())

# What a business does tells two companies of one family apart ("Punjabtex Trading" and
# "Punjabtex Holdings"), so activity words stay in the core: abbreviations written out, and
# pinyin activity words in English, as Chinese firms write them on foreign documents.
_ACTIVITY_WORDS = {
    "trdg": "trading", "hldgs": "holdings", "hldg": "holding", "intl": "international",
    "imp": "import", "exp": "export", "inds": "industries", "ind": "industries",
    "grp": "group", "tech": "technology", "mfg": "manufacturing", "svcs": "services",
    "keji": "technology", "maoyi": "trading", "shangmao": "trading", "guoji": "international",
    "jituan": "group", "konggu": "holding", "shiye": "industries", "jinchukou": "import",
}  # fmt: skip

_TITLE_EXTRAS = "mr mrs ms miss mx dr prof sir dame mme mlle sr sra srta gospodin gospozha"


@dataclass(frozen=True)
class StandardName:
    """A name folded for matching.

    Attributes:
        original: The name as it came in.
        latin: NFKC, transliterated to Latin, casefolded, punctuation dropped, spaces collapsed.
        core: `latin` without the legal form and without generic noise words.
        legal_form: Normalized legal-form code ("llc", "gmbh", "ooo", "co_ltd" ...), or None.
        tokens: The tokens of `core`, sorted, so word order does not matter.
        legal_form_family: Broad family of the legal form ("limited_liability",
            "joint_stock", "partnership", "sole_trader", "cooperative"), or None.
    """

    original: str
    latin: str
    core: str
    legal_form: str | None
    tokens: tuple[str, ...]
    legal_form_family: str | None = None


# Pinyin written syllable by syllable on documents ("Ke Ji", "Mao Yi").
_SPLIT_PINYIN: dict[tuple[str, str], str] = {
    ("ke", "ji"): "keji", ("mao", "yi"): "maoyi", ("guo", "ji"): "guoji",
    ("shang", "mao"): "shangmao", ("ji", "tuan"): "jituan", ("kong", "gu"): "konggu",
    ("shi", "ye"): "shiye",
}  # fmt: skip


def _join_pinyin(tokens: tuple[str, ...]) -> tuple[str, ...]:
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        word = (
            _SPLIT_PINYIN.get((tokens[index], tokens[index + 1]))
            if index + 1 < len(tokens)
            else None
        )
        joined.append(word or tokens[index])
        index += 2 if word else 1
    return tuple(joined)


def _drop_noise(tokens: tuple[str, ...]) -> tuple[str, ...]:
    expanded = tuple(_ACTIVITY_WORDS.get(token, token) for token in _join_pinyin(tokens))
    kept = tuple(token for token in expanded if token not in NOISE_WORDS)
    return kept or expanded


@lru_cache(maxsize=262144)
def standardize_company_name(name: str | None) -> StandardName | None:
    """Standardize a company name; None when there is no name.

    Example:
        >>> standardize_company_name("ООО «Ромашка»").core
        'romashka'
    """
    if name is None:
        return None
    latin_tokens = fold_name_tokens(name)
    if not latin_tokens:
        return None
    tokens, form = split_legal_form(name, latin_tokens)
    core = _drop_noise(tokens)
    return StandardName(
        original=name,
        latin=" ".join(latin_tokens),
        core=" ".join(core),
        legal_form=form.code if form else None,
        tokens=tuple(sorted(core)),
        legal_form_family=form.family if form else None,
    )


def _title_sets() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    single: set[str] = set(_TITLE_EXTRAS.split())
    multi: set[tuple[str, ...]] = set()
    for title in person_name_prefixes_list():
        folded = tuple(fold_tokens(title))
        if len(folded) == 1:
            single.add(folded[0])
        elif folded:
            multi.add(folded)
    return frozenset(single), tuple(sorted(multi, key=len, reverse=True))


_SINGLE_TITLES, _MULTI_TITLES = _title_sets()


def _drop_titles(tokens: list[str]) -> list[str]:
    for title in _MULTI_TITLES:
        if tuple(tokens[: len(title)]) == title and len(tokens) > len(title):
            tokens = tokens[len(title) :]
            break
    kept = [token for token in tokens if token not in _SINGLE_TITLES]
    return kept or tokens


@lru_cache(maxsize=262144)
def standardize_person_name(name: str | None) -> StandardName | None:
    """Standardize a person's name: titles (mr, dr, prof ...) dropped, tokens sorted.

    Example:
        >>> standardize_person_name("Dr. Giorgi BERIDZE").tokens
        ('beridze', 'giorgi')
    """
    if name is None:
        return None
    latin_tokens = fold_tokens(name)
    if not latin_tokens:
        return None
    core = _drop_titles(latin_tokens)
    return StandardName(
        original=name,
        latin=" ".join(latin_tokens),
        core=" ".join(core),
        legal_form=None,
        tokens=tuple(sorted(core)),
    )
