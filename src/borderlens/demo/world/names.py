"""Company and person names in native script, and the Latin variants documents show.

A true company has one registry name (native script where the country uses one) and a few
Latin spellings on declarations: other transliteration systems, legal-form variants,
abbreviations, typos, swapped words, upper case and stripped diacritics.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from borderlens.demo.world.countries import Country, LegalForm
from borderlens.demo.world.languages import LANGUAGES, Language
from borderlens.demo.world.scripts import transliterate

ABBREVIATIONS: dict[str, str] = {
    "International": "Intl", "Trading": "Trdg", "Company": "Co", "Industries": "Inds",
    "Logistics": "Logist.", "Manufacturing": "Mfg", "Technology": "Tech", "General": "Gen.",
    "Import & Export": "Imp & Exp", "Import Export": "Imp Exp", "Limited": "Ltd",
    "Holdings": "Hldgs", "Distribution": "Distr.", "Engineering": "Eng.",
}  # fmt: skip
_FOLDS = {"ß": "ss", "ı": "i", "ł": "l", "Ł": "L", "İ": "I"}
_GERMAN_FOLDS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_LATIN_FIRST_ORDER = {"en", "asia", "south_asia", "ka", "hy"}


@dataclass(frozen=True)
class CompanyName:
    """Registry name, Latin alternate name and the Latin spellings used on declarations."""

    registry: str
    latin: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class PersonName:
    """A person's name parts in native script and in one Latin transliteration."""

    given: str
    family: str
    given_latin: str
    family_latin: str
    family_first: bool

    @property
    def full(self) -> str:
        """Native-script full name in the order the language writes it."""
        sep = "" if self.family_first else " "
        return sep.join(
            (self.family, self.given) if self.family_first else (self.given, self.family)
        )

    @property
    def full_latin(self) -> str:
        """Latin full name, family name first where the language puts it first."""
        parts = (self.family_latin, self.given_latin)
        return " ".join(parts if self.family_first else parts[::-1])


def pick(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    """One element of `options`, uniformly."""
    return options[int(rng.integers(len(options)))]


def fold_diacritics(text: str, german: bool = False) -> str:
    """ASCII spelling of `text`: 'Müller' -> 'Muller' (or 'Mueller' with german=True)."""
    if german:
        text = "".join(_GERMAN_FOLDS.get(char, char) for char in text)
    text = "".join(_FOLDS.get(char, char) for char in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _latin_options(text: str, language: Language) -> tuple[str, ...]:
    spellings = [transliterate(text, language.script, system) for system in range(3)]
    if language.script == "chinese" and len(text) == 2:
        spellings.append(" ".join(transliterate(char, "chinese") for char in text))
    return tuple(dict.fromkeys(spellings))


def make_company_name(country: Country, rng: np.random.Generator) -> CompanyName:
    """Compose a company name for `country` with 3-6 distinct Latin variants."""
    language = LANGUAGES[country.language]
    if language.script == "chinese":
        core = pick(rng, language.cores) + pick(rng, language.cores)
    else:
        core = pick(rng, language.cores) + pick(rng, language.core_suffixes)
    activity, activity_english = language.activities[int(rng.integers(len(language.activities)))]
    form = country.forms[int(rng.integers(len(country.forms)))]
    city, city_latin = country.cities[int(rng.integers(len(country.cities)))]
    registry = _registry_name(core, activity, form, city, language)
    cores = _latin_options(core, language)
    activities = (activity_english, *_latin_options(activity, language))
    if language.script == "latin":
        activities = (activity, activity_english)
    prefix = city_latin if language.script == "chinese" else ""
    latin = _join_latin(prefix, cores[0], activities[0], form.latin[0], form.first)
    variants = [latin]
    for _ in range(int(rng.integers(3, 7)) * 3):
        if len(variants) >= 6:
            break
        word = _join_latin(
            prefix if rng.random() < 0.6 else "",
            pick(rng, cores),
            pick(rng, activities),
            pick(rng, form.latin) if rng.random() < 0.9 else "",
            form.first,
        )
        word = perturb_name(word, rng)
        if word not in variants:
            variants.append(word)
    return CompanyName(registry, latin, tuple(variants))


def _registry_name(core: str, activity: str, form: LegalForm, city: str, language: Language) -> str:
    if language.script == "chinese":
        return f"{city}{core}{activity}{form.native}"
    if form.first:
        quoted = f'"{core} {activity}"' if language.script == "cyrillic" else f"{core} {activity}"
        return f"{form.native} {quoted}"
    return f"{core} {activity} {form.native}"


def _join_latin(prefix: str, core: str, activity: str, form: str, form_first: bool) -> str:
    words = [prefix, form, core, activity] if form_first else [prefix, core, activity, form]
    return " ".join(word for word in words if word)


def perturb_name(name: str, rng: np.random.Generator) -> str:
    """Apply 0-2 of the distortions seen on real documents to `name`."""
    for _ in range(int(rng.integers(0, 3))):
        kind = int(rng.integers(6))
        if kind == 0:
            name = abbreviate(name)
        elif kind == 1:
            name = make_typo(name, rng)
        elif kind == 2:
            name = swap_first_words(name)
        elif kind == 3:
            name = name.upper()
        elif kind == 4:
            name = fold_diacritics(name, german=rng.random() < 0.5)
        else:
            name = name.replace(",", "").replace(".", "")
    return name


def abbreviate(name: str) -> str:
    """Replace long words by the abbreviations clerks use: 'Trading' -> 'Trdg'."""
    for word, short in ABBREVIATIONS.items():
        name = name.replace(word, short)
    return name


def make_typo(name: str, rng: np.random.Generator) -> str:
    """Swap, drop or duplicate one character after the first."""
    if len(name) < 4:
        return name
    at = int(rng.integers(1, len(name) - 2))
    kind = int(rng.integers(3))
    if kind == 0:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if kind == 1:
        return name[:at] + name[at + 1 :]
    return name[:at] + name[at] + name[at:]


def swap_first_words(name: str) -> str:
    """'Kartia Trading LLC' -> 'Trading Kartia LLC'; names under three words are kept."""
    words = name.split(" ")
    if len(words) < 3:
        return name
    return " ".join([words[1], words[0], *words[2:]])


def make_person_name(country: Country, rng: np.random.Generator, female: bool) -> PersonName:
    """A person's name for `country`, native script with its first Latin transliteration."""
    language = LANGUAGES[country.language]
    given = pick(rng, language.female_given if female else language.male_given)
    family = pick(rng, language.family)
    if female and language.female_family_suffix and family.endswith(("ов", "ев", "ин")):
        family += language.female_family_suffix
    return PersonName(
        given=given,
        family=family,
        given_latin=transliterate(given, language.script),
        family_latin=transliterate(family, language.script),
        family_first=language.script == "chinese",
    )


def make_address(country: Country, rng: np.random.Generator) -> tuple[str, str]:
    """A (native, Latin) street address with house number, post code and city."""
    language = LANGUAGES[country.language]
    street = pick(rng, language.family)
    number = int(rng.integers(1, 240))
    postcode = f"{int(rng.integers(1000, 99999)):05d}"
    city, city_latin = country.cities[int(rng.integers(len(country.cities)))]
    street_latin = transliterate(street, language.script)
    word_latin = transliterate(language.street_word, language.script)
    if country.language in _LATIN_FIRST_ORDER:
        native = f"{number} {street} {language.street_word}, {postcode} {city}"
        latin = f"{number} {street_latin} {word_latin}, {postcode} {city_latin}"
    else:
        native = f"{street} {language.street_word} {number}, {postcode} {city}"
        latin = f"{street_latin} {word_latin} {number}, {postcode} {city_latin}"
    return native, latin


def address_variants(latin: str, rng: np.random.Generator) -> tuple[str, ...]:
    """Latin address spellings seen on declarations; '' stands for a missing address."""
    street_part, _, city_part = latin.partition(", ")
    options = [
        latin,
        latin.upper(),
        abbreviate_street(latin),
        city_part,
        f"{street_part} {city_part}",
        "",
    ]
    chosen = rng.choice(len(options), size=3, replace=False)
    return tuple(dict.fromkeys([latin, *(options[int(i)] for i in chosen)]))


def abbreviate_street(address: str) -> str:
    """'Street' -> 'St.', 'ulitsa' -> 'ul.', 'Straße' -> 'Str.' and similar."""
    for word, short in (("Street", "St."), ("ulitsa", "ul."), ("ulica", "ul."),
                        ("Straße", "Str."), ("Caddesi", "Cad."), ("Poghots", "P.")):  # fmt: skip
        address = address.replace(word, short)
    return address
