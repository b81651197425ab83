"""Session-wide fixtures: the public sample files in ../shared and the databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """``../shared/fixtures``: required in CI, skipped elsewhere when absent."""
    if not SHARED_FIXTURES.is_dir():
        if IN_CI:
            pytest.fail(f"public sample files missing: {SHARED_FIXTURES}")
        pytest.skip(f"public sample files not present at {SHARED_FIXTURES}")
    return SHARED_FIXTURES
