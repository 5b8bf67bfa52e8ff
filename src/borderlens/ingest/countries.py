"""ISO 3166-1 alpha-2 codes that validation accepts."""

from __future__ import annotations

from functools import lru_cache

import pycountry

# Reserved codes that customs systems use although ISO 3166-1 does not assign them.
CUSTOMS_RESERVED = {"XK": "Kosovo", "EU": "European Union"}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every assigned ISO 3166-1 alpha-2 code, plus the reserved codes customs use."""
    return frozenset({country.alpha_2 for country in pycountry.countries} | set(CUSTOMS_RESERVED))
