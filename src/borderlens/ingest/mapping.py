"""Column mappings (MAP.toml): which source column feeds which field, and how to read it."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from borderlens.engine.base import CsvOptions
from borderlens.errors import MappingError
from borderlens.warehouse.fields import FieldSpec

MASS_UNITS_IN_KG = {"kg": 1.0, "g": 0.001, "t": 1000.0, "lb": 0.45359237}
BUILT_IN = ("kcs",)


class ReadOptions(BaseModel):
    """How the file is written."""

    model_config = ConfigDict(extra="forbid")

    delimiter: str = Field(",", min_length=1, max_length=1)
    quote: str = Field('"', min_length=1, max_length=1)
    encoding: Literal["utf-8", "utf-16", "latin-1"] = "utf-8"
    header: bool = True
    decimal_separator: Literal[".", ","] = "."
    thousands_separator: Literal["", ",", ".", " ", "'"] = ""
    date_format: str = "%Y-%m-%d"


class Mapping(BaseModel):
    """A source layout: read options, field-to-column names, constants, units and code lists."""

    model_config = ConfigDict(extra="forbid")

    name: str = "custom"
    description: str = ""
    read: ReadOptions = ReadOptions()
    columns: dict[str, str] = {}
    constants: dict[str, str] = {}
    net_mass_unit: Literal["kg", "g", "t", "lb"] = "kg"
    unknown_country_codes: list[str] = []

    def csv_options(self) -> CsvOptions:
        return CsvOptions(
            delimiter=self.read.delimiter,
            quote=self.read.quote,
            encoding=self.read.encoding,
            header=self.read.header,
        )

    def check_fields(self, fields: tuple[FieldSpec, ...], source: str) -> None:
        """Refuse a mapping that names unknown fields or leaves a required one unfed."""
        known = {spec.name for spec in fields}
        unknown = sorted((set(self.columns) | set(self.constants)) - known)
        if unknown:
            raise MappingError(
                f"{source}: no such field(s) {', '.join(unknown)}; "
                f"the fields are: {', '.join(sorted(known))}"
            )
        unfed = [
            spec.name
            for spec in fields
            if spec.required and spec.name not in self.columns and spec.name not in self.constants
        ]
        if unfed:
            raise MappingError(f"{source}: required field(s) {', '.join(unfed)} have no column")


def identity_mapping(fields: tuple[FieldSpec, ...], available: tuple[str, ...]) -> Mapping:
    """The mapping of a file whose columns are named after the canonical fields."""
    return Mapping(
        name="canonical",
        description="columns named after the canonical fields",
        columns={spec.name: spec.name for spec in fields if spec.name in available},
    )


def load_mapping(path: Path) -> Mapping:
    """Read a mapping file, with errors that name the file and the offending key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MappingError(f"{path}: no such mapping file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{path}: not valid TOML: {exc}") from exc
    return _parse(raw, str(path))


def built_in_mapping(name: str) -> Mapping:
    """One of the mappings that ship with BorderLens, such as ``kcs``."""
    if name not in BUILT_IN:
        raise MappingError(f"no built-in mapping '{name}'; built in: {', '.join(BUILT_IN)}")
    text = resources.files("borderlens.ingest.mappings").joinpath(f"{name}.toml").read_text()
    return _parse(tomllib.loads(text), f"built-in mapping {name}")


def _parse(raw: dict[str, object], source: str) -> Mapping:
    try:
        return Mapping.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise MappingError(f"{source}: {problems}") from exc
