"""Shared fixtures: a sample campaign written into a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pacesetter.config import Config, load_config
from pacesetter.sample_config import sample_config


def make_campaign(root: Path, lang: str = "en") -> Config:
    """Write the sample ``config.toml`` in ``lang`` into ``root`` and load it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.toml").write_text(sample_config(lang), encoding="utf-8")
    return load_config(root)


@pytest.fixture
def campaign(request: pytest.FixtureRequest, tmp_path: Path) -> Config:
    """The sample campaign in tmp_path; English unless parametrized (indirect=True) with "zh"."""
    return make_campaign(tmp_path, getattr(request, "param", "en"))


@pytest.fixture(scope="session")
def new_campaign():
    """A factory: ``new_campaign(folder, lang)`` writes and loads a sample campaign there."""
    return make_campaign


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's soffice: required in CI (the test fails there), skipped elsewhere."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is required in CI; .ci/run installs libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path
