"""Documentation that must not drift from the code."""

from __future__ import annotations

from pathlib import Path

from accord.config import Settings
from accord.entrypoints.cli.reference import render_reference

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text()
    for row in Settings.describe():
        assert row["env"] in text, f"{row['env']} is missing from docs/settings.md"
        assert row["description"], f"{row['env']} has no description"


def test_the_cli_reference_is_current() -> None:
    committed = (DOCS / "cli.md").read_text()
    assert committed == render_reference(), "docs/cli.md is stale: run bash scripts/docs"


def test_every_command_group_has_a_user_guide_section() -> None:
    guide = (DOCS / "user-guide.md").read_text()
    for group in ("org", "contact", "negotiation", "term", "offer", "interaction",
                  "checklist", "leverage", "ally", "agreement", "brief", "demo", "export",
                  "import"):  # fmt: skip
        assert f"accord {group}" in guide, f"docs/user-guide.md never shows `accord {group}`"
