"""Remittance code labels imported from a table (the shared subset, and bad tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.adapters.contracts.reference_tables import ReferenceTables
from accord.errors import InputFileError


def test_the_shared_subset_gives_every_code_its_meaning(shared_fixtures: Path) -> None:
    labels = ReferenceTables().code_labels(shared_fixtures / "remittance/carc_rarc_subset.csv")
    assert len(labels) == 33
    assert labels.meaning("carc", "50") is not None
    assert labels.meaning("carc", "50").startswith("These are non-covered services")  # type: ignore[union-attr]
    assert labels.describe("PR-2") == "PR-2: Patient Responsibility; Coinsurance Amount"
    assert labels.describe("MA15").startswith("MA15: Alert: Your claim has been separated")
    assert labels.describe("CO-999") == (
        "CO-999: Contractual Obligations (provider write-off, not billable to patient)"
    )
    assert labels.describe("N999") == "N999: (no label imported)"


def test_a_row_of_an_unknown_list_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("list,code,meaning\ncarc,45,Charge exceeds fee schedule\nremark,N1,Alert\n")
    with pytest.raises(InputFileError, match=r"codes\.csv, line 3: column 'list': expected one of"):
        ReferenceTables().code_labels(path)


def test_a_table_without_a_meaning_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("list,code\ncarc,45\n")
    with pytest.raises(InputFileError, match=r"codes\.csv, line 1: expected a 'meaning' column"):
        ReferenceTables().code_labels(path)
