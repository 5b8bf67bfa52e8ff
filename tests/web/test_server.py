"""Starting the server: an address already in use is refused before anything runs."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from borderlens.cli import app
from borderlens.errors import BorderLensError
from borderlens.web.server import Address, check_address_free
from tests.web.conftest import free_port


def test_an_address_in_use_is_refused_with_what_to_do() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BorderLensError, match=rf"127\.0\.0\.1:{port}.*--port"):
            check_address_free(Address("127.0.0.1", port))
    check_address_free(Address("127.0.0.1", free_port()))


def test_the_demo_checks_its_address_before_building_the_world(tmp_path: object) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(app, ["demo", "--size", "tiny", "--port", port, "--quiet"])
    assert result.exit_code == 2
    assert "cannot listen on" in result.output
    assert "world" not in result.output.split("cannot listen on")[0].lower()
