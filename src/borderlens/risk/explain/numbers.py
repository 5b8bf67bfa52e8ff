"""Numbers as an officer reads them: thousands separators, two significant digits for rates.

Explanations cite the values behind a score; a value printed as ``0.6103448275862069`` or
``1e+05`` hides more than it shows.
"""

from __future__ import annotations

import math


def significant(value: float, digits: int = 2) -> str:
    """``value`` to ``digits`` significant digits, never in scientific notation.

    >>> significant(0.6103), significant(0.0099), significant(0.0999)
    ('0.61', '0.0099', '0.10')
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    rounded = float(f"{value:.{digits}g}")
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"


def rate(value: float) -> str:
    """A share between 0 and 1 (fraud rates): two significant digits."""
    return significant(value, 2)


def amount(value: float) -> str:
    """A value, mass or price: whole numbers from 100, two decimals from 1, else two digits.

    >>> amount(372254.4), amount(2.1), amount(0.4123)
    ('372,254', '2.10', '0.41')
    """
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:,.2f}"
    return significant(value, 2)


def count(value: float) -> str:
    """A count of declarations or inspections."""
    return f"{round(value):,}"


def percent(value: float) -> str:
    """A duty rate given in percent: ``8%``, ``377.3%``."""
    return f"{value:,.6g}%"
