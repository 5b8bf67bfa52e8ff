"""Every setting is described and documented."""

from __future__ import annotations

from borderlens.settings import Settings
from tests.conftest import REPO


def test_every_setting_has_a_description() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"


def test_every_setting_is_in_the_docs() -> None:
    documented = (REPO / "docs" / "settings.md").read_text()
    for name in Settings.model_fields:
        assert f"`BORDERLENS_{name.upper()}`" in documented, f"docs/settings.md lacks {name}"


def test_settings_come_from_the_environment(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("BORDERLENS_DATABASE", "/tmp/elsewhere.duckdb")
    monkeypatch.setenv("BORDERLENS_SPARK_SHUFFLE_PARTITIONS", "3")
    settings = Settings()
    assert str(settings.database) == "/tmp/elsewhere.duckdb"
    assert settings.spark_shuffle_partitions == 3
