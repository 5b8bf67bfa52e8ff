"""The two Splink models, company and person: comparisons, blocking rules and prior parameters.

Each comparison starts from prior m and u probabilities, so a model can score a handful of
records before it has data to learn from; on real data the u probabilities are re-estimated
by random sampling and the m probabilities by expectation maximisation (no labels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

EntityKind = Literal["company", "person"]

COMPANY_MODEL = "splink-company-v2"
PERSON_MODEL = "splink-person-v2"

MATCH_THRESHOLD = 0.9
"""Pairs at or above this probability join one cluster."""


@dataclass(frozen=True)
class ModelSpec:
    """A versioned model: what it compares, how it blocks, and how it is trained.

    Attributes:
        name: the versioned name stored beside every result (``splink-company-v2``).
        kind: ``company`` or ``person``.
        columns: the record columns the comparisons read, besides ``unique_id``.
        deterministic_rules: rules that almost only pair true matches; they estimate the
            share of matching pairs before training.
        training_rules: blocking rules for the expectation-maximisation passes.
    """

    name: str
    kind: EntityKind
    columns: tuple[str, ...]
    deterministic_rules: tuple[str, ...]
    training_rules: tuple[BlockingRuleCreator, ...]

    def settings(
        self,
        link_type: str = "dedupe_only",
        *,
        term_frequencies: bool = True,
        match_share: float = 1e-4,
    ) -> SettingsCreator:
        """Fresh Splink settings with the prior parameters (every call builds new objects).

        Args:
            link_type: ``dedupe_only`` for one table, ``link_only`` for two.
            term_frequencies: adjust exact matches by how common the value is; meaningless
                on a handful of records, where every value is "common".
            match_share: the prior probability that two random records match.
        """
        comparisons: list[ComparisonCreator | dict[str, Any]] = [
            *(
                _company_comparisons(term_frequencies)
                if self.kind == "company"
                else _person_comparisons(term_frequencies)
            )
        ]
        blocking: list[BlockingRuleCreator | dict[str, Any]] = [
            *(_company_blocking() if self.kind == "company" else _person_blocking())
        ]
        return SettingsCreator(
            link_type=link_type,  # type: ignore[arg-type]
            comparisons=comparisons,
            blocking_rules_to_generate_predictions=blocking,
            probability_two_random_records_match=match_share,
            max_iterations=20,
            retain_intermediate_calculation_columns=True,
            additional_columns_to_retain=["source_kind", "source_key"],
        )


ONE_ADDRESS_MISSING_SQL = (
    "country_code_l = country_code_r AND ((postcode_l IS NULL AND city_l IS NULL) "
    "OR (postcode_r IS NULL AND city_r IS NULL))"
)
"""Same country where one side gave no address: weaker evidence than two differing ones."""


def _address_comparison(
    priors_m: list[float], priors_u: list[float], tf: bool
) -> ComparisonCreator:
    """Where: same postcode and house number, same postcode, same city, same country only.

    Country sits in the same comparison as city and postcode because they are nested (the same
    city implies the same country): counted apart, their evidence would be counted twice.
    """
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="postcode, house number, city and country",
        comparison_levels=[
            cll.And(
                cll.NullLevel("postcode"), cll.NullLevel("city"), cll.NullLevel("country_code")
            ),
            cll.And(cll.ExactMatchLevel("postcode"), cll.ExactMatchLevel("house_number")),
            cll.ExactMatchLevel("postcode", term_frequency_adjustments=tf),
            cll.ExactMatchLevel("city", term_frequency_adjustments=tf),
            cll.JaroWinklerLevel("city", 0.9),
            cll.CustomLevel(ONE_ADDRESS_MISSING_SQL, label_for_charts="same country, one address"),
            cll.ExactMatchLevel("country_code"),
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=priors_m, u_probabilities=priors_u)


TOKEN_OVERLAP_SQL = (
    "array_length(array_intersect(name_tokens_l, name_tokens_r)) * 3 "
    ">= 2 * greatest(array_length(name_tokens_l), array_length(name_tokens_r))"
)
"""Two thirds of the longer name's words appear in the other (DuckDB dialect; Splink
transpiles it for Spark)."""


def _name_comparison(
    column: str, priors_m: list[float], priors_u: list[float], label: str, tf: bool
) -> ComparisonCreator:
    """A name: exact (term-frequency adjusted), in another word order, close in spelling, the
    same consonants (another romanization), or sharing most of its words. One comparison, so
    that name evidence is counted once."""
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description=label,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=tf),
            cll.ExactMatchLevel("name_sorted"),
            cll.JaroWinklerLevel("name_sorted", 0.94),
            cll.JaroWinklerLevel(column, 0.94),
            cll.ExactMatchLevel("name_skeleton"),
            cll.CustomLevel(
                TOKEN_OVERLAP_SQL, label_for_charts="most words shared", base_dialect_str="duckdb"
            ),
            cll.JaroWinklerLevel("name_sorted", 0.86),
            cll.ElseLevel(),
        ],
    ).configure(m_probabilities=priors_m, u_probabilities=priors_u)


def _company_comparisons(tf: bool) -> list[ComparisonCreator]:
    return [
        _name_comparison(
            "name_core",
            [0.5, 0.1, 0.15, 0.08, 0.05, 0.04, 0.05, 0.03],
            [1e-4, 1e-5, 1e-4, 1e-4, 1e-4, 1e-3, 3e-3, 0.995],
            "company name without its legal form",
            tf,
        ),
        cl.CustomComparison(
            output_column_name="legal_form",
            comparison_description="legal form (LLC, GmbH, ...) and its family",
            comparison_levels=[
                cll.NullLevel("legal_form"),
                cll.ExactMatchLevel("legal_form"),
                cll.ExactMatchLevel("legal_form_family"),
                cll.ElseLevel(),
            ],
        ).configure(m_probabilities=[0.6, 0.3, 0.1], u_probabilities=[0.15, 0.25, 0.6]),
        _address_comparison(
            [0.4, 0.15, 0.1, 0.02, 0.25, 0.05, 0.03],
            [1e-5, 1e-4, 0.02, 1e-3, 0.05, 0.15, 0.78],
            tf,
        ),
    ]


def _person_comparisons(tf: bool) -> list[ComparisonCreator]:
    return [
        _name_comparison(
            "name_core",
            [0.65, 0.1, 0.05, 0.05, 0.05, 0.04, 0.03, 0.03],
            [1e-3, 1e-5, 1e-4, 1e-4, 1e-4, 1e-3, 5e-3, 0.99],
            "person name",
            tf,
        ),
        cl.CustomComparison(
            output_column_name="birth_date",
            comparison_description="date of birth (year and month)",
            comparison_levels=[
                cll.NullLevel("birth_date"),
                cll.ExactMatchLevel("birth_date"),
                cll.ExactMatchLevel("birth_year"),
                cll.ElseLevel(),
            ],
        ).configure(m_probabilities=[0.9, 0.07, 0.03], u_probabilities=[1e-3, 0.02, 0.98]),
        _address_comparison(
            [0.6, 0.15, 0.1, 0.02, 0.05, 0.05, 0.03],
            [1e-5, 1e-4, 0.02, 1e-3, 0.05, 0.15, 0.78],
            tf,
        ),
    ]


PREFIX_CITY_WITHOUT_POSTCODE_SQL = (
    "substr(l.name_core, 1, 5) = substr(r.name_core, 1, 5) AND l.city = r.city "
    "AND (l.postcode IS NULL OR r.postcode IS NULL)"
)
"""Names that start alike in one city where a postcode is missing. Where both postcodes are
known, names that start alike are paired by postcode instead: pairing them by city alone made
blocks of thousands of records where many names begin with one trade word ("Foods ...",
"Logistics ...") - 564M candidate pairs for 1.1M records, the bulk of the resolve time - and
changed no cluster on the demo world or the resolve benchmark."""


def _company_blocking() -> list[BlockingRuleCreator]:
    return [
        block_on("name_core"),
        block_on("name_sorted"),
        block_on("name_skeleton", "country_code"),
        block_on("substr(name_core, 1, 5)", "postcode"),
        CustomRule(PREFIX_CITY_WITHOUT_POSTCODE_SQL, "duckdb"),
        block_on("postcode", "country_code"),
    ]


def _person_blocking() -> list[BlockingRuleCreator]:
    return [
        block_on("name_sorted", "birth_year"),
        block_on("substr(name_sorted, 1, 3)", "birth_date"),
        block_on("postcode", "birth_year"),
        block_on("name_skeleton", "country_code"),
    ]


COMPANY = ModelSpec(
    name=COMPANY_MODEL,
    kind="company",
    columns=(
        "name_core",
        "name_sorted",
        "name_tokens",
        "name_skeleton",
        "legal_form",
        "legal_form_family",
        "postcode",
        "house_number",
        "city",
        "country_code",
    ),
    deterministic_rules=(
        "l.name_core = r.name_core and l.postcode = r.postcode",
        "l.name_sorted = r.name_sorted and l.country_code = r.country_code",
    ),
    training_rules=(
        block_on("name_sorted"),
        block_on("postcode", "country_code"),
    ),
)

PERSON = ModelSpec(
    name=PERSON_MODEL,
    kind="person",
    columns=(
        "name_core",
        "name_sorted",
        "name_tokens",
        "name_skeleton",
        "birth_date",
        "birth_year",
        "postcode",
        "house_number",
        "city",
        "country_code",
    ),
    deterministic_rules=(
        "l.name_sorted = r.name_sorted and l.birth_date = r.birth_date and l.postcode = r.postcode",
    ),
    training_rules=(
        block_on("name_sorted", "birth_year"),
        block_on("postcode", "birth_year"),
    ),
)

MODELS: dict[EntityKind, ModelSpec] = {"company": COMPANY, "person": PERSON}


def model_for(kind: str) -> ModelSpec:
    """The model for ``company`` or ``person``."""
    try:
        return MODELS[kind]  # type: ignore[index]
    except KeyError:
        from borderlens.errors import BorderLensError

        raise BorderLensError(f"unknown record kind {kind!r}; choose company or person") from None
