"""Small files parsed together in one oxedi call give every file exactly what it gives
alone: the same payments with the same segment numbers, the same located errors, in
any mix of good, bad and unjoinable files."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from accord.adapters.remittance.joint import parsed_together, read_jointly
from accord.adapters.remittance.oxedi_reader import OxediRemittanceReader
from accord.adapters.remittance.synthetic import synthetic_remit
from accord.bootstrap import Accord
from accord.domain.remittance import Payment
from accord.domain.remittance_batch import RemittanceBatch
from accord.domain.remittance_objects import payments_of
from accord.errors import InputFileError
from accord.services import remittances
from accord.services.remittances import FileStatus

READER = OxediRemittanceReader(workers=0)


def _outcome(batches: Iterator[RemittanceBatch]) -> list[Payment] | str:
    """A file's payments, or its error as the user reads it."""
    try:
        return [payment for batch in batches for payment in payments_of(batch)]
    except InputFileError as error:
        return f"error: {error}"


def _alone(paths: list[Path]) -> list[list[Payment] | str]:
    return [_outcome(READER.read_file_batches(path)) for path in paths]


def _together(paths: list[Path]) -> list[list[Payment] | str]:
    return [_outcome(batches) for batches in READER.read_files_batches(paths)]


def _generated(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"gen{index:02d}.835"
        path.write_bytes(synthetic_remit(seed=seed + index, payments=1 + index % 3))
        paths.append(path)
    return paths


def test_generated_files_read_together_are_read_as_alone_with_their_own_segments(
    tmp_path: Path,
) -> None:
    paths = _generated(tmp_path, 9)
    together = _together(paths)
    assert together == _alone(paths)
    first_claims = [payments[0].claims[0].segment for payments in together]
    assert isinstance(first_claims[0], int) and len(set(first_claims)) == 1  # each from its ISA


def test_the_joined_parse_is_taken_for_files_that_can_be_joined(tmp_path: Path) -> None:
    datas = [path.read_bytes().rstrip() for path in _generated(tmp_path, 4)]
    batches = parsed_together(datas, READER.oxedi_spec())
    assert batches is not None
    assert [len(batch) for batch in batches] == [1, 2, 3, 1]
    # An interchange cut short in the middle of the run: every file is read alone.
    cut = [*datas[:2], datas[2][: len(datas[2]) // 2] + b"~", datas[3]]
    assert parsed_together(cut, READER.oxedi_spec()) is None


def test_every_shared_fixture_among_generated_files_gives_what_it_gives_alone(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    fixtures = sorted((shared_fixtures / "remittance").glob("*.835"))
    assert len(fixtures) >= 8
    generated = _generated(tmp_path / "gen", len(fixtures) + 1, seed=40)
    mixed: list[Path] = []
    for index, fixture in enumerate(fixtures):
        copy = tmp_path / fixture.name
        shutil.copyfile(fixture, copy)
        mixed += [generated[index], copy]
    mixed.append(generated[-1])
    together = _together(mixed)
    assert together == _alone(mixed)
    assert any(isinstance(one, str) for one in together)  # the fixtures include bad files
    assert sum(isinstance(one, list) and len(one) > 0 for one in together) > len(fixtures)


@pytest.mark.parametrize(
    ("spoil", "fails"),
    [
        pytest.param(lambda data: data[: len(data) * 2 // 3], True, id="truncated"),
        pytest.param(
            lambda data: re.sub(rb"(CLP\*[^*]*\*[^*]*\*)[^*]*", rb"\1", data, count=1),
            True,
            id="no-claim-charge",
        ),
        pytest.param(
            lambda data: re.sub(rb"SVC\*[^*]*", b"SVC*HC", data, count=1), True, id="no-code"
        ),
        pytest.param(lambda data: data.replace(b"~\nSE*", b"~\nSE*999", 1), True, id="bad-count"),
        pytest.param(lambda data: data.rpartition(b"IEA*")[0], True, id="no-IEA"),
        pytest.param(lambda data: re.sub(rb"GE\*[^~]*~\n", b"", data), True, id="no-GE"),
        pytest.param(
            lambda data: data.replace(b"~\nIEA*", b"~\nST*835*9~\nIEA*"),
            True,
            id="unclosed-ST-at-end",
        ),
        pytest.param(lambda data: b"", True, id="empty"),
        pytest.param(lambda data: b"\n" + data.replace(b"~", b"|"), False, id="other-delimiters"),
    ],
)
def test_a_spoiled_file_among_good_ones_fails_as_alone_and_the_others_read_the_same(
    tmp_path: Path, spoil: Callable[[bytes], bytes], fails: bool
) -> None:
    paths = _generated(tmp_path, 5, seed=7)
    paths[2].write_bytes(spoil(paths[2].read_bytes()))
    together = _together(paths)
    assert together == _alone(paths)
    assert isinstance(together[2], str) == fails
    assert all(isinstance(one, list) and one for index, one in enumerate(together) if index != 2)


def test_files_beyond_one_run_are_parsed_in_several_runs_and_read_the_same(
    tmp_path: Path,
) -> None:
    paths = _generated(tmp_path, 7, seed=60)
    sizes = [path.stat().st_size for path in paths]
    items = [(path.read_bytes(), partial(READER.read_file_batches, path)) for path in paths]
    in_runs = read_jointly(items, spec=READER.oxedi_spec(), run_bytes=sizes[0] + sizes[1] + 1)
    assert [_outcome(batches) for batches in in_runs] == _alone(paths)


def test_files_in_memory_read_together_are_read_as_alone(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    fixtures = sorted((shared_fixtures / "remittance").glob("*.835"))
    generated = _generated(tmp_path, len(fixtures), seed=90)
    files = [
        (path.read_bytes(), path.name)
        for pair in zip(generated, fixtures, strict=True)
        for path in pair
    ]
    together = [_outcome(b) for b in READER.read_many_bytes_batches(files)]
    alone = [_outcome(READER.read_bytes_batches(data, name=name)) for data, name in files]
    assert together == alone
    assert sum(isinstance(one, list) and len(one) > 0 for one in together) > len(fixtures)


def test_a_bad_file_twice_in_a_group_fails_twice_with_each_name_and_the_rest_is_stored(
    sqlite_accord: Accord, tmp_path: Path
) -> None:
    paths = _generated(tmp_path, 4, seed=80)
    bad = paths[1].read_bytes().replace(b"BPR*I*", b"BPR*I*1", 1)  # one payment off
    paths[1].write_bytes(bad)
    copy = tmp_path / "gen01-again.835"
    copy.write_bytes(bad)
    summary = remittances.ingest_remittances(
        sqlite_accord.store.unit_of_work, READER, sqlite_accord.clock, [*paths, copy]
    )
    outcome = {Path(o.name).name: o for o in summary.files}
    assert [outcome[p.name].status for p in paths] == [
        FileStatus.INGESTED, FileStatus.FAILED, FileStatus.INGESTED, FileStatus.INGESTED,
    ]  # fmt: skip
    assert outcome[copy.name].status is FileStatus.FAILED
    for name in (paths[1].name, copy.name):
        assert name in (outcome[name].message or "")
        assert "does not balance" in (outcome[name].message or "")
