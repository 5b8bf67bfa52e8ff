"""Ownership and control network: effective ownership, ultimate owners, related parties.

Reads the registry (``registry_entity``, ``registry_person``, ``ownership``), roles and
``entity_link``; writes ``effective_ownership``, ``ultimate_owner``, ``control``,
``structure_metric``, ``related_party``, ``undeclared_relationship`` and ``network_issue``.
"""

from __future__ import annotations

from borderlens.network.build import MODEL_VERSION, NetworkSummary, build_network
from borderlens.network.evaluate import evaluate_network
from borderlens.network.profile import entity_profile
from borderlens.network.secrecy import DEFAULT_SECRECY

__all__ = [
    "DEFAULT_SECRECY",
    "MODEL_VERSION",
    "NetworkSummary",
    "build_network",
    "entity_profile",
    "evaluate_network",
]
