"""Rule profiles as the workbench keeps them: numbered versions in ``rule_profile_version``.

A supervisor's every save is a new version (1, 2, ...) of its profile, checked by the same
parser as a file and never changed afterwards; the newest version of each profile is what
`borderlens rules apply` applies. The profile shipped with BorderLens
(``profiles/baseline.yaml``) counts as version 0 of ``baseline`` until a version is saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from borderlens.engine.base import Engine
from borderlens.errors import RuleProfileError
from borderlens.risk.rules import BASELINE_PROFILE
from borderlens.risk.rules.parsing import load_profile, parse_profile
from borderlens.risk.rules.profile import Profile, Rule

VERSION_TABLE = "rule_profile_version"
VERSIONS_SQL = (
    "SELECT profile, version, document, author, saved_at, note "
    f"FROM {VERSION_TABLE} ORDER BY profile, version"
)
"""Every stored version (none of it typed by a user, so any reader can run it as is)."""
VERSION_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("version", pa.int32()),
        ("document", pa.string()),
        ("author", pa.string()),
        ("saved_at", pa.timestamp("us")),
        ("note", pa.string()),
    ]
)
PROFILE_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
"""Profile names appear in addresses (/rules/baseline) and on the command line."""
RESERVED_NAMES = frozenset({"new"})
SHIPPED_AUTHOR = "BorderLens"
NOTE_LENGTH = 500


@dataclass(frozen=True)
class ProfileVersion:
    """One version of a profile: its YAML text, who saved it, when and why."""

    profile: str
    version: int
    document: str
    author: str
    saved_at: dt.datetime | None
    note: str

    @property
    def origin(self) -> str:
        """How errors name it: ``profile baseline v3``."""
        return f"profile {self.profile} v{self.version}"

    def parsed(self) -> Profile:
        """The version checked and read (RuleProfileError when it no longer parses)."""
        return parse_profile(self.document, self.origin)


def shipped_versions() -> dict[str, ProfileVersion]:
    """The profiles shipped with BorderLens, as version 0 of their profile."""
    text = BASELINE_PROFILE.read_text(encoding="utf-8")
    name = parse_profile(text, str(BASELINE_PROFILE)).name
    note = f"shipped with BorderLens ({BASELINE_PROFILE.name})"
    return {name: ProfileVersion(name, 0, text, SHIPPED_AUTHOR, None, note)}


@dataclass(frozen=True)
class RuleCatalog:
    """Every profile the workbench knows, each with its versions, oldest first."""

    versions: Mapping[str, tuple[ProfileVersion, ...]]

    def names(self) -> list[str]:
        return sorted(self.versions)

    def history(self, profile: str) -> tuple[ProfileVersion, ...]:
        return self.versions.get(profile, ())

    def latest(self, profile: str) -> ProfileVersion | None:
        found = self.history(profile)
        return found[-1] if found else None

    def version(self, profile: str, number: int) -> ProfileVersion | None:
        return next((v for v in self.history(profile) if v.version == number), None)

    def current(self) -> list[ProfileVersion]:
        """The newest version of each profile: what `borderlens rules apply` applies."""
        return [self.versions[name][-1] for name in self.names()]


def read_catalog(rows: Iterable[Mapping[str, Any]]) -> RuleCatalog:
    """The catalog from the rows of ``VERSIONS_SQL``, with the shipped profiles as version 0."""
    grouped: dict[str, list[ProfileVersion]] = {
        name: [version] for name, version in shipped_versions().items()
    }
    for row in rows:
        version = ProfileVersion(
            row["profile"],
            int(row["version"]),
            row["document"],
            row["author"] or "",
            row["saved_at"],
            row["note"] or "",
        )
        grouped.setdefault(version.profile, []).append(version)
    return RuleCatalog(
        {name: tuple(sorted(found, key=lambda v: v.version)) for name, found in grouped.items()}
    )


def load_catalog(engine: Engine) -> RuleCatalog:
    """The catalog of a warehouse (the shipped profiles alone when it has no versions table)."""
    if not engine.table_exists(VERSION_TABLE):
        return read_catalog(())
    return read_catalog(engine.query(VERSIONS_SQL).to_pylist())


def _same_rule(old: Rule, new: Rule) -> bool:
    """Equal in everything that selects or explains, wherever the rule stands in its file."""
    return dataclasses.replace(old, version=0, index=0, line=0) == dataclasses.replace(
        new, version=0, index=0, line=0
    )


def _check_rule_versions(profile: Profile, previous: ProfileVersion | None) -> None:
    """A hit stores (rule id, rule version): a rule whose wording changes must raise its
    version, or two different criteria would share one name in the hits."""
    if previous is None:
        return
    try:
        before = {rule.id: rule for rule in previous.parsed().rules}
    except RuleProfileError:
        return  # an older version the parser no longer reads cannot be compared
    for rule in profile.rules:
        old = before.get(rule.id)
        if old is None:
            continue
        if rule.version < old.version:
            raise RuleProfileError(
                f"{profile.path}: {rule.label}: version: {rule.version} is lower than "
                f"{old.version} in {previous.origin}; versions only go up"
            )
        if rule.version == old.version and not _same_rule(old, rule):
            raise RuleProfileError(
                f"{profile.path}: {rule.label}: version: the rule differs from {previous.origin} "
                f"but keeps version {rule.version}; raise it to {old.version + 1} so its hits "
                "say which wording selected them"
            )


def _check_unique_rule_ids(profile: Profile, catalog: RuleCatalog) -> None:
    """Rule ids identify hits across the profiles applied together."""
    for other in catalog.current():
        if other.profile == profile.name:
            continue
        try:
            theirs = {rule.id for rule in other.parsed().rules}
        except RuleProfileError:
            continue
        for rule in profile.rules:
            if rule.id in theirs:
                raise RuleProfileError(
                    f"{profile.path}: {rule.label}: id: '{rule.id}' is also a rule of profile "
                    f"'{other.profile}'; rule ids must differ across profiles (they identify hits)"
                )


def _check_name(name: str) -> None:
    if not PROFILE_NAME.fullmatch(name) or name in RESERVED_NAMES:
        raise RuleProfileError(
            f"name: '{name}' cannot name a profile; use at most 64 lower-case letters, digits, "
            "'.', '_' and '-', starting with a letter or digit (and not 'new')"
        )


def check_version(catalog: RuleCatalog, profile: str | None, document: str, note: str) -> Profile:
    """Check ``document`` as the next version of ``profile`` (None: a new profile, named by
    the document), as `save_version` would; return it parsed.

    Raises:
        RuleProfileError: the parser's message (naming rule, line and field), or why the
            document cannot be the next version.
    """
    origin = f"profile {profile}" if profile else "new profile"
    parsed = parse_profile(document, origin)
    if profile is None:
        _check_name(parsed.name)
        if catalog.history(parsed.name):
            raise RuleProfileError(
                f"name: a profile '{parsed.name}' exists already; open it to save a new version"
            )
    elif parsed.name != profile:
        raise RuleProfileError(
            f"{origin}: name: the text names profile '{parsed.name}'; a version of "
            f"'{profile}' keeps the name '{profile}'"
        )
    previous = catalog.latest(parsed.name)
    if previous is not None and previous.document.strip() == document.strip():
        raise RuleProfileError(f"{origin}: the text is the same as {previous.origin}; no change")
    if not note.strip() or len(note) > NOTE_LENGTH:
        raise RuleProfileError(
            f"note: say in a few words (at most {NOTE_LENGTH} characters) what changed and why"
        )
    _check_rule_versions(parsed, previous)
    _check_unique_rule_ids(parsed, catalog)
    return parsed


def save_version(
    engine: Engine, profile: str | None, document: str, *, author: str, note: str
) -> ProfileVersion:
    """Check ``document`` and store it as the next version of ``profile`` (None: a new profile
    named by the document). The caller serializes writers (the workbench holds the store's
    exclusive lock), so two saves cannot take one number.

    Example:
        ``save_version(engine, "baseline", text, author="n.beridze", note="p05 rule to red")``
    """
    catalog = load_catalog(engine)
    parsed = check_version(catalog, profile, document, note)
    previous = catalog.latest(parsed.name)
    saved = ProfileVersion(
        parsed.name,
        previous.version + 1 if previous else 1,
        document,
        author,
        dt.datetime.now(dt.UTC).replace(tzinfo=None),
        note.strip(),
    )
    row = {field: getattr(saved, field) for field in VERSION_SCHEMA.names}
    engine.write_arrow(VERSION_TABLE, pa.Table.from_pylist([row], VERSION_SCHEMA))
    return saved


@dataclass(frozen=True)
class ChosenProfile:
    """A profile to apply and, in words, which version or file it is."""

    profile: Profile
    source: str


def _describe(version: ProfileVersion) -> str:
    if version.saved_at is None:
        return f"{version.origin}: {version.note}"
    return f"{version.origin}: saved by {version.author} on {version.saved_at:%Y-%m-%d %H:%M} UTC"


def _newest(version: ProfileVersion) -> ChosenProfile:
    return ChosenProfile(version.parsed(), _describe(version))


def choose_profiles(
    engine: Engine, requested: Iterable[str], *, as_written: bool = False
) -> list[ChosenProfile]:
    """The profiles `borderlens rules apply` applies.

    Nothing requested: the newest version of every profile the workbench keeps. Each request
    is a YAML file or a profile's name; a file whose profile has versions saved in the
    workbench gives way to the newest of them, unless ``as_written``.

    Raises:
        RuleProfileError: a request that is neither, or a profile that does not parse.
    """
    catalog = load_catalog(engine)
    wanted = list(requested)
    if not wanted:
        return [_newest(version) for version in catalog.current()]
    chosen: list[ChosenProfile] = []
    for request in wanted:
        path = Path(request)
        if path.is_file():
            from_file = load_profile(path)
            newest = catalog.latest(from_file.name)
            if as_written or newest is None or newest.version == 0:
                chosen.append(ChosenProfile(from_file, f"file {path}"))
            else:
                found = _newest(newest)
                chosen.append(dataclasses.replace(found, source=f"{found.source} (not {path})"))
        elif catalog.latest(request) is not None:
            chosen.append(_newest(catalog.history(request)[-1]))
        else:
            raise RuleProfileError(
                f"{request}: neither a file nor a profile of the workbench "
                f"(it has {', '.join(catalog.names())})"
            )
    return chosen
