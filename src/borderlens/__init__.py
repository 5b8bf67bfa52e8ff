"""BorderLens: customs risk intelligence from declarations, registries and inspection results."""

__version__ = "0.1.0"
