"""Entity matching: Splink company and person models, stable entity ids, analysts' judgements.

``resolve_entities`` is the stage's entry point; ``match_files`` matches users' own lists;
``evaluate_resolve`` scores the result against a ground truth.
"""

from __future__ import annotations

from borderlens.resolve.matching.evaluate import evaluate_resolve
from borderlens.resolve.matching.files import MatchSummary, match_files
from borderlens.resolve.matching.judgements import record_judgement
from borderlens.resolve.matching.models import COMPANY_MODEL, PERSON_MODEL
from borderlens.resolve.matching.pipeline import KindSummary, ResolveSummary, resolve_entities

__all__ = [
    "COMPANY_MODEL",
    "PERSON_MODEL",
    "KindSummary",
    "MatchSummary",
    "ResolveSummary",
    "evaluate_resolve",
    "match_files",
    "record_judgement",
    "resolve_entities",
]
