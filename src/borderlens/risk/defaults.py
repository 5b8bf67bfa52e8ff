"""The default policy's shares of the inspection budget, chosen on the KCS validation months
(docs/risk.md): settings and policies read them from here."""

DEFAULT_REVENUE_SHARE = 0.12
DEFAULT_SAFETY_SHARE = 0.12
