"""Company and person names in one comparable form: Latin, folded, legal form kept apart."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rigour._core import person_name_prefixes_list

from borderlens.resolve.standardize.activities import translate_activities
from borderlens.resolve.standardize.han import is_han
from borderlens.resolve.standardize.legal_forms import fold_name_tokens, split_legal_form
from borderlens.resolve.standardize.scripts import fold_tokens

# Words that say what kind of company a name belongs to, not which one: company, the, and,
# of in several languages; Arabic "company" and "establishment" as anyascii renders them
# (shrkh = شركة, mss = مؤسسة); connectors of transliterated Arabic ("lil", "wal").
_NOISE_TEXT = """
    co company companies corp corporation the and und et ve of
    handelsgesellschaft gongsi fengongsi zonggongsi shrkh mss lil wal
"""
NOISE_WORDS = frozenset(_NOISE_TEXT.split())

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
        skeleton: The sorted tokens as `consonant_skeleton` writes them.
    """

    original: str
    latin: str
    core: str
    legal_form: str | None
    tokens: tuple[str, ...]
    legal_form_family: str | None = None
    skeleton: str = ""


_DIGRAPHS = (
    ("kh", "h"), ("ch", "h"), ("gh", "g"), ("ph", "f"), ("mp", "b"), ("mb", "b"), ("ts", "c"),
    ("tz", "c"), ("q", "k"), ("c", "k"),
)  # fmt: skip
_VOWELS = str.maketrans("", "", "aeiouywj")
_ARTICLES = frozenset(["al", "el"])


def _word_skeleton(word: str) -> str:
    if word.startswith("al") and len(word) > 4:
        word = word[2:]  # the article written together: "Alnoor"
    spelled = word.removesuffix("h")
    for written, sound in _DIGRAPHS:
        spelled = spelled.replace(written, sound)
    consonants = spelled.translate(_VOWELS)
    collapsed = "".join(c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1])
    return collapsed or word


def consonant_skeleton(tokens: tuple[str, ...]) -> str:
    """The words' consonants in order, sorted: what survives every romanization.

    Arabic script writes few vowels, and Latin spellings of one Arabic, Greek or Persian name
    differ mostly in them ("al khlyj", "Al Khaleej", "Al-Khalij"; "Mohammed", "Muhammad"), in
    doubled letters, a final h ("Barakah", "Baraka") and a few letters written two ways (ц as
    c or ts, μπ as b or mp). Dropping vowels, the semivowels w, y and j (Julija, Yuliya,
    Iuliia), the article al, doubling and a final h leaves one form for all of them.

    Example:
        >>> consonant_skeleton(("al", "khaleej", "trading")), consonant_skeleton(("al", "khlyj"))
        ('hl trdng', 'hl')
    """
    words = [_word_skeleton(token) for token in tokens if token not in _ARTICLES]
    return " ".join(sorted(words or tokens))


def _drop_noise(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Activity words in English (they tell two companies of one family apart: "Punjabtex
    Trading" and "Punjabtex Holdings"), generic words dropped unless nothing else is left."""
    expanded = translate_activities(tokens)
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
        skeleton=consonant_skeleton(core),
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
    latin_tokens = fold_tokens(_split_han_name(name.strip()))
    if not latin_tokens:
        return None
    # Titles are Latin words: folded from other scripts, "mr" is Omar (عمر), not Mister.
    core = _drop_titles(latin_tokens) if _written_in_latin(name) else latin_tokens
    return StandardName(
        original=name,
        latin=" ".join(latin_tokens),
        core=" ".join(core),
        legal_form=None,
        tokens=tuple(sorted(core)),
        skeleton=consonant_skeleton(tuple(core)),
    )


_COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯"]
)


def _split_han_name(name: str) -> str:
    """A Chinese name written without a space, family name apart: 杨艳 -> 杨 艳 (Yang Yan),
    as Latin documents write it."""
    if not 2 <= len(name) <= 4 or not all(is_han(char) for char in name):
        return name
    family = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
    return f"{name[:family]} {name[family:]}"


def _written_in_latin(text: str) -> bool:
    return all(
        not char.isalpha() or unicodedata.name(char, "").startswith("LATIN") for char in text
    )
