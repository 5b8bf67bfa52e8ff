"""Exceptions a user can cause; each message names the file, line or field and says what to do."""

from __future__ import annotations


class BorderLensError(Exception):
    """Base of every error BorderLens reports to a user (exit code 2 on the command line)."""


class UnreadableInputError(BorderLensError):
    """An input file cannot be read at all: missing, not the named format, or wrong encoding."""


class MappingError(BorderLensError):
    """A column mapping (MAP.toml) is malformed or does not fit the file it is used with."""


class MissingExtraError(BorderLensError):
    """An optional dependency group is needed but not installed."""

    def __init__(self, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the optional extra '{extra}': "
            f"install it with  pip install 'borderlens[{extra}]'"
        )
        self.extra = extra


class SchemaVersionError(BorderLensError):
    """The warehouse was written by a newer BorderLens than this one."""


class ModelMismatchError(BorderLensError):
    """A model artifact does not fit this version of BorderLens or the data it is given."""


class RuleProfileError(BorderLensError):
    """A rule profile (YAML risk criteria) is malformed or names what the feature table lacks."""
