"""Secrecy jurisdictions: where an ownership link is a reason to look closer.

The default list is the top of the Tax Justice Network's Financial Secrecy Index 2022
(https://fsi.taxjustice.net/), with the British Crown Dependencies and Overseas Territories and
the small offshore registries that index ranks for their secrecy scores. It is a default, not a
verdict: pass your own set to :func:`borderlens.network.build_network`.
"""

from __future__ import annotations

DEFAULT_SECRECY: frozenset[str] = frozenset({
    "US", "CH", "SG", "HK", "LU", "JP", "DE", "AE", "GG", "JE",
    "IM", "KY", "VG", "BM", "PA", "SC", "BZ", "LI", "MH", "WS",
    "VU", "CY", "MT", "BS", "MO", "TC", "AI", "BB", "AG", "LB",
    "MU", "LR", "KN", "VC", "BH", "GI",
})  # fmt: skip
"""ISO 3166-1 alpha-2 codes of the default secrecy jurisdictions."""
