"""Publishing: a new release per publish, a refusal when checks failed, list and rollback from the command line."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from orchestration import publish
from orchestration.settings import load_settings


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def settings(built_warehouse, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(built_warehouse.data_dir, data)
    monkeypatch.setenv("JTDW_DATA_DIR", str(data))
    return load_settings()


def test_refuses_to_publish_when_a_check_failed(settings):
    before = digest(settings.published_db)
    with pytest.raises(RuntimeError, match=r"checks failed in this run: \['raw/x:suite'\]"):
        publish.publish(settings, "run-a", {"raw/x:suite": False, "marts/y:test": True})
    assert digest(settings.published_db) == before


def test_rollback_restores_the_previous_release_and_can_walk_further_back(settings, capsys):
    first = digest(settings.published_db)
    publish.publish(settings, "run-b", {"ok": True})
    second_record = publish.publish(settings, "run-c", {"ok": True})
    releases = settings.published_dir / "releases"
    assert digest(settings.published_db) == digest(releases / second_record["release"])

    publish.main(["rollback"])
    log = publish.read_log(settings)
    assert log[-1]["run_id"] == "run-b" and log[-1]["rolled_back_from"] == second_record["release"]
    assert digest(settings.published_db) == digest(releases / log[-1]["release"])

    publish.main(["rollback"])
    assert digest(settings.published_db) == first

    publish.main(["list"])
    listing = capsys.readouterr().out
    assert "run=run-c" in listing and "(rollback of" in listing and "marts.bop_japan=" in listing


def test_rollback_with_a_single_release_says_so(data_dir):
    with pytest.raises(RuntimeError, match="nothing to roll back to"):
        publish.rollback(load_settings())
