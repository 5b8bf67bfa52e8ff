"""BODS interest types: which carry ownership, which give control, which are board roles.

BODS 0.4 spells interest types in camelCase (``votingRights``), 0.2 in kebab-case
(``voting-rights``); the SQL in :mod:`borderlens.network.sources` compares them lower-cased
with dashes, underscores and spaces removed, so both spellings land in the same class.
"""

from __future__ import annotations

OWNERSHIP_TYPES = frozenset({"shareholding", "votingRights"})
"""Interests whose share counts towards effective ownership (the larger of the two is used)."""

CONTROL_TYPES = frozenset({
    "appointmentOfBoard", "otherInfluenceOrControl", "controlViaCompanyRulesOrArticles",
    "controlByLegalFramework", "rightsGrantedByContract", "conditionalRightsGrantedByContract",
    "settlor", "trustee", "protector",
})  # fmt: skip
"""Interests that give control whatever the share (BODS control interests)."""

OFFICER_TYPES = frozenset({"boardMember", "boardChair", "seniorManagingOfficial"})
"""Interests that make the interested party a director or officer, not an owner."""

MAJORITY = 50.0
"""Percent of shares or votes above which a holder controls the company."""
