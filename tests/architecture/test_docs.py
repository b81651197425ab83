"""Documentation that must not drift from the code."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import accord
from accord.bootstrap import Accord
from accord.config import Settings
from accord.entrypoints.cli.reference import render_reference

from .test_layers import MAY_IMPORT, THIRD_PARTY

DOCS = Path(__file__).resolve().parents[2] / "docs"
SRC = Path(accord.__file__).parent


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


# -- docs/architecture.md: the ports table and the layer table ------------------------------


def _section(title: str) -> str:
    """The text of one ``##`` section of docs/architecture.md."""
    text = (DOCS / "architecture.md").read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _port_protocols() -> set[str]:
    """Every Protocol class of the services' port modules (ports.py, *_ports.py)."""
    services = SRC / "services"
    found: set[str] = set()
    for path in [services / "ports.py", *sorted(services.glob("*_ports.py"))]:
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and any(
                "Protocol" in ast.unparse(base) for base in node.bases
            ):
                found.add(node.name)
    return found


def test_every_port_is_in_the_architecture_page() -> None:
    ports = _port_protocols()
    assert {"UnitOfWork", "MarketData", "PriceFiles", "Charts"} <= ports  # the walk works
    section = _section("Ports and the adapters behind them")
    missing = sorted(name for name in ports if f"`{name}`" not in section)
    assert not missing, f"ports missing from docs/architecture.md's table: {missing}"


def test_everything_accord_carries_is_in_the_ports_table() -> None:
    carried = {f.name for f in dataclasses.fields(Accord) if not f.name.startswith("_")}
    carried |= {name for name, value in vars(Accord).items() if isinstance(value, property)}
    assert {"market", "store", "backups"} <= carried
    rows = {line.split("|")[1].strip() for line in _section("Ports and the adapters behind them")
            .splitlines() if line.startswith("| `")}  # fmt: skip
    missing = sorted(name for name in carried if f"`{name}`" not in rows)
    assert not missing, f"Accord fields missing from docs/architecture.md's table: {missing}"


def _names(cell: str) -> frozenset[str]:
    return frozenset(re.findall(r"`([^`]+)`", cell))


def test_the_layer_table_is_the_one_the_architecture_test_enforces() -> None:
    documented: dict[str, tuple[frozenset[str], frozenset[str] | None]] = {}
    for line in _section("The layers").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            libraries = None if cells[3] == "any" else _names(cells[3])
            documented[cells[0].strip("`")] = (_names(cells[2]), libraries)
    enforced = {layer: (MAY_IMPORT[layer], THIRD_PARTY[layer]) for layer in MAY_IMPORT}
    wrong = sorted(
        layer
        for layer in documented.keys() | enforced.keys()
        if documented.get(layer) != enforced.get(layer)
    )
    assert not wrong, (
        f"docs/architecture.md's layer table differs from MAY_IMPORT/THIRD_PARTY in "
        f"tests/architecture/test_layers.py on the rows {wrong}"
    )
