"""The build itself makes no network request: every outgoing connection is recorded and refused."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from sites import REPO, build_site, make_portal, small_portal


class _Refused(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record every connection attempt and refuse it, as a machine with no network would."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)
        attempts.append(address)
        raise _Refused(f"network access during the build: {address!r}")

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        attempts.append(address)
        raise _Refused(f"network access during the build: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


def test_fixture_portal_builds_without_any_connection(tmp_path: Path, no_network: list[Any]) -> None:
    site = build_site(make_portal(tmp_path / "portal", **small_portal()))
    assert (site / "roles" / "support-agent" / "index.html").is_file()
    assert no_network == []


def test_sample_portal_builds_without_any_connection(tmp_path: Path, no_network: list[Any]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert (tmp_path / "site" / "portal.json").is_file()
    assert no_network == []
