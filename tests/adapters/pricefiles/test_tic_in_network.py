"""TiC in-network rate files: every public sample, the real CareFirst file, bad input."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.adapters.pricefiles.rate_rows import RowFilter
from accord.adapters.pricefiles.tic_in_network import InNetworkReader
from accord.errors import InputFileError

Row = tuple[str, str, float, str, str, str, str, str]


def read(path: Path, **kwargs: Any) -> tuple[InNetworkReader, list[Row], list[tuple[Any, ...]]]:
    reader = InNetworkReader(path, **kwargs)
    rates: list[Row] = []
    providers: list[tuple[Any, ...]] = []
    for batch in reader.batches():
        c = batch.as_columns()
        if batch.table == "rates":
            rates += zip(
                c["billing_code"],
                c["negotiated_type"],
                c["rate"],
                c["billing_class"],
                c["setting"],
                c["modifier"],
                c["provider_refs"],
                c["bundled_codes"],
                strict=True,
            )
        else:
            providers += zip(c["provider_ref"], c["npi"], c["tin"], c["location"], strict=True)
    return reader, rates, providers


EXPECTED: dict[str, list[Row]] = {
    "v2/in-network-rates-all-negotiated-types-sample.json": [
        ("99214", "negotiated", 150.0, "professional", "outpatient", "", "1", ""),
        ("97110", "percentage", 65.0, "professional", "outpatient", "", "1", ""),
        ("0200", "per diem", 5500.0, "institutional", "inpatient", "", "2", ""),
        ("80053", "derived", 45.0, "professional", "outpatient", "", "1", ""),
        ("27447", "fee schedule", 8500.0, "professional", "inpatient", "", "1,2", ""),
        ("27447", "negotiated", 12000.0, "institutional", "inpatient", "", "1,2", ""),
        ("99285", "percentage", 75.5, "professional", "outpatient", "", "2", ""),
        ("99285", "negotiated", 2500.0, "institutional", "outpatient", "", "2", ""),
    ],
    "v2/in-network-rates-bundle-single-plan-sample.json": [
        ("81.54", "negotiated", 20000.0, "professional", "inpatient", "", "1", "27447,27446"),
        ("81.54", "negotiated", 25000.0, "professional", "inpatient", "", "1", "27447,27446"),
    ],
    "v2/in-network-rates-capitation-single-plan-sample.json": [
        ("27447", "negotiated", 20000.0, "institutional", "inpatient", "", "1", "27447,27446"),
        ("27447", "negotiated", 25000.0, "professional", "inpatient", "", "1", "27447,27446"),
    ],
    "v2/in-network-rates-fee-for-service-single-plan-sample.json": [
        ("27447", "negotiated", 123.45, "professional", "inpatient", "AS", "1", ""),
        ("27447", "negotiated", 1230.45, "institutional", "inpatient", "", "1", ""),
        ("27447", "negotiated", 120.45, "professional", "inpatient", "", "1", ""),
        ("27448", "negotiated", 12003.45, "professional", "inpatient", "", "1", ""),
        ("27448", "negotiated", 12.45, "institutional", "inpatient", "", "1", ""),
    ],
    "v2/in-network-rates-multiple-plans-sample.json": [
        ("27447", "negotiated", 123.45, "professional", "inpatient", "AS", "1", ""),
        ("27447", "negotiated", 1230.45, "institutional", "inpatient", "", "1", ""),
        ("27447", "negotiated", 120.45, "professional", "inpatient", "", "1", ""),
        ("27447", "derived", 120.45, "both", "inpatient", "", "1", ""),
        ("27448", "negotiated", 12003.45, "professional", "inpatient", "", "1", ""),
        ("27448", "negotiated", 12.45, "institutional", "inpatient", "", "1", ""),
    ],
    "v2/in-network-rates-no-npi.json": [
        ("27447", "negotiated", 123.45, "institutional", "inpatient", "", "1", ""),
    ],
    "v1/in-network-rates-bundle-single-plan-sample.json": [
        ("81.54", "negotiated", 20000.0, "professional", "", "", "inline-1", "27447,27446"),
        ("81.54", "negotiated", 25000.0, "professional", "", "", "inline-2", "27447,27446"),
    ],
    "v1/in-network-rates-capitation-single-plan-sample.json": [
        ("27447", "negotiated", 20000.0, "institutional", "", "", "inline-1", "27447,27446"),
        ("27447", "negotiated", 25000.0, "professional", "", "", "inline-2", "27447,27446"),
    ],
    "v1/in-network-rates-fee-for-service-single-plan-sample.json": [
        ("27447", "negotiated", 123.45, "professional", "", "AS", "inline-1", ""),
        ("27447", "negotiated", 1230.45, "institutional", "", "", "inline-1", ""),
        ("27447", "negotiated", 120.45, "professional", "", "", "inline-2", ""),
        ("27448", "negotiated", 12003.45, "professional", "", "", "1", ""),
        ("27448", "negotiated", 12.45, "institutional", "", "", "inline-3", ""),
    ],
    "v1/in-network-rates-multiple-plans-sample.json": [
        ("27447", "negotiated", 123.45, "professional", "", "AS", "inline-1", ""),
        ("27447", "negotiated", 1230.45, "institutional", "", "", "inline-1", ""),
        ("27447", "negotiated", 120.45, "professional", "", "", "inline-2", ""),
        ("27447", "derived", 120.45, "both", "", "", "inline-2", ""),
        ("27448", "negotiated", 12003.45, "professional", "", "", "inline-3", ""),
        ("27448", "negotiated", 12.45, "institutional", "", "", "inline-4", ""),
    ],
    "v1/in-network-rates-no-npi.json": [
        ("27447", "negotiated", 123.45, "institutional", "", "", "inline-1", ""),
    ],
    "validator/in-network-rates-fee-for-service-sample.json": [
        ("27447", "negotiated", 123.45, "professional", "", "", "inline-1", ""),
        ("27447", "negotiated", 1230.45, "institutional", "", "", "inline-1", ""),
        ("27447", "negotiated", 120.45, "professional", "", "", "inline-2", ""),
        ("27448", "negotiated", 12003.45, "professional", "", "", "inline-3", ""),
        ("27448", "negotiated", 12.45, "institutional", "", "", "inline-4", ""),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_public_sample_yields_exactly_its_negotiated_prices(
    shared_fixtures: Path, name: str
) -> None:
    _, rates, _ = read(shared_fixtures / "tic" / name)
    assert rates == EXPECTED[name]


def test_every_in_network_sample_in_the_fixtures_is_covered(shared_fixtures: Path) -> None:
    found = {
        str(p.relative_to(shared_fixtures / "tic"))
        for p in (shared_fixtures / "tic").glob("*/in-network*.json")
    }
    assert found == set(EXPECTED)


def test_provider_references_resolve_to_one_row_per_npi(shared_fixtures: Path) -> None:
    _, _, providers = read(
        shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    )
    assert ("1", 4567890123, "23-4567890", "") in providers
    assert sorted(p[1] for p in providers if p[0] == "2") == [5678901234, 6789012345]


def test_carefirst_yields_its_122310_rates_and_reports_370_remote_references(
    shared_fixtures: Path,
) -> None:
    reader, rates, providers = read(shared_fixtures / "tic/real/carefirst-in-network.json.gz")
    assert len(rates) == 122_310
    assert reader.report.items == 1773
    assert reader.report.schema_version == "1.0.0"
    assert reader.report.payer == "CareFirst BlueCross BlueShield"
    # the provider table holds the references kept rates use: 74 of the 370, all remote
    assert len(providers) == 74 and all(p[3].startswith("https://") for p in providers)
    assert any(
        "370 provider references are remote" in w
        and "122310 of the negotiated prices kept (rows) name 74" in w
        for w in reader.report.warnings
    )
    # decimal provider group ids survive as written
    assert rates[0][6] == "690.65627"


def test_a_billing_code_filter_keeps_only_those_codes(shared_fixtures: Path) -> None:
    path = shared_fixtures / "tic/real/carefirst-in-network.json.gz"
    doc = json.loads(gzip.decompress(path.read_bytes()))
    wanted = {"30560", "99213", "97110"}
    expected = sum(
        len(nr["negotiated_prices"])
        for item in doc["in_network"]
        if item["billing_code"] in wanted
        for nr in item["negotiated_rates"]
    )
    _, rates, _ = read(path, row_filter=RowFilter(billing_codes=frozenset(wanted)))
    assert len(rates) == expected > 0
    assert {r[0] for r in rates} <= wanted


def test_billing_class_and_negotiated_type_filters_apply_while_reading(
    shared_fixtures: Path,
) -> None:
    path = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    only = RowFilter(
        billing_classes=frozenset({"institutional"}), negotiated_types=frozenset({"negotiated"})
    )
    _, rates, _ = read(path, row_filter=only)
    assert [(r[0], r[2]) for r in rates] == [("27447", 12000.0), ("99285", 2500.0)]


def test_an_npi_filter_keeps_rates_of_groups_with_that_npi(shared_fixtures: Path) -> None:
    path = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    _, rates, _ = read(path, row_filter=RowFilter(npis=frozenset({5678901234})))
    assert {r[6] for r in rates} == {"2", "1,2"}
    _, rates, _ = read(path, row_filter=RowFilter(tins=frozenset({"12-3456789"})))
    assert {r[6] for r in rates} == {"1", "1,2"}


def test_provider_references_after_in_network_are_still_resolved(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    source = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    doc = json.loads(source.read_bytes())
    reordered = {k: v for k, v in doc.items() if k != "provider_references"}
    reordered["provider_references"] = doc["provider_references"]
    path = tmp_path / "refs-last.json"
    path.write_text(json.dumps(reordered, indent=2))
    _, rates, _ = read(path, row_filter=RowFilter(npis=frozenset({5678901234})))
    assert {r[6] for r in rates} == {"2", "1,2"}
    _, all_rates, providers = read(path)
    assert all_rates == EXPECTED["v2/in-network-rates-all-negotiated-types-sample.json"]
    assert len(providers) == 6


def test_unknown_fields_are_ignored_but_counted(shared_fixtures: Path, tmp_path: Path) -> None:
    doc = json.loads((shared_fixtures / "tic/v2/in-network-rates-no-npi.json").read_bytes())
    doc["in_network"][0]["extra"] = 1
    doc["in_network"][0]["negotiated_rates"][0]["negotiated_prices"][0]["x_note"] = "y"
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(doc))
    reader, rates, _ = read(path)
    assert len(rates) == 1
    assert reader.report.unknown_fields == {
        "in_network.extra": 1,
        "negotiated_prices.x_note": 1,
    }


OK_ITEM = b'{"billing_code": "1", "negotiated_rates": []}'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"version": "2.0.0", "in_network": [' + OK_ITEM, "not closed"),
        (b'{"in_network": [{"negotiated_rates": 5}]}', "'negotiated_rates' to be a list"),
        (b'{"in_network": [' + OK_ITEM + b" " + OK_ITEM + b"]}", "expected ','"),
        (b'{"in_network": [{"a": tru}]}', "malformed JSON"),
        (b'{"in_network": {"a": 1}}', "to be an array"),
        (b'{"version": "1"}', "no 'in_network' array"),
        (b'{"in_network": []} x', "after the end"),
        (
            b'{"in_network": [{"negotiated_rates": [{"negotiated_prices": '
            b'[{"negotiated_rate": "ten"}]}]}]}',
            "expected a number for negotiated_rate",
        ),
    ],
)
def test_malformed_files_fail_with_path_offset_and_what_was_expected(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as info:
        read(path)
    assert info.value.path == str(path)
    assert "bad.json" in str(info.value)


def test_a_truncated_gzip_fails_at_the_offset_reached_in_the_decompressed_stream(
    shared_fixtures: Path, tmp_path: Path
) -> None:
    data = (shared_fixtures / "tic/real/carefirst-in-network.json.gz").read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.json.gz"
    path.write_bytes(cut)
    reachable = len(zlib.decompressobj(wbits=31).decompress(cut))  # what a reader can get
    with pytest.raises(InputFileError) as info:
        read(path)
    assert reachable > 0 and info.value.offset == reachable
    assert f"byte {reachable}:" in str(info.value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_truncated_or_garbled_input_only_ever_raises_input_file_error(
    shared_fixtures: Path, tmp_path: Path, data: st.DataObject
) -> None:
    source = (
        shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    ).read_bytes()
    cut = data.draw(st.integers(0, len(source)))
    raw = bytearray(source[:cut])
    for _ in range(data.draw(st.integers(0, 4))):
        if raw:
            at = data.draw(st.integers(0, len(raw) - 1))
            raw[at] = data.draw(st.sampled_from(b'"{}[],:\\x0 \xff'))
    path = tmp_path / "fuzz.json"
    path.write_bytes(bytes(raw))
    block = data.draw(st.sampled_from([7, 64, 1 << 20]))
    try:
        read(path, block_size=block)
    except InputFileError as exc:
        assert exc.path == str(path)


def every_row(
    path: Path, **kwargs: Any
) -> tuple[InNetworkReader, dict[str, list[tuple[Any, ...]]]]:
    reader = InNetworkReader(path, **kwargs)
    out: dict[str, list[tuple[Any, ...]]] = {"rates": [], "provider_groups": []}
    for batch in reader.batches():
        c = batch.as_columns()
        out[batch.table] += zip(*c.values(), strict=True)
    return reader, out


@pytest.mark.parametrize("name", [*sorted(EXPECTED), "real/carefirst-in-network.json.gz"])
@pytest.mark.parametrize(
    "row_filter",
    [
        RowFilter(),
        RowFilter(billing_codes=frozenset({"27447", "30560", "0200"})),
        RowFilter(billing_classes=frozenset({"professional"})),
    ],
)
def test_the_columnar_and_item_by_item_paths_agree_on_every_value(
    shared_fixtures: Path, name: str, row_filter: RowFilter
) -> None:
    path = shared_fixtures / "tic" / name
    fast, fast_rows = every_row(path, row_filter=row_filter)
    slow, slow_rows = every_row(path, row_filter=row_filter, columnar=False)
    assert fast_rows == slow_rows
    assert (fast.report.rows, fast.report.items_kept, fast.report.warnings) == (
        slow.report.rows,
        slow.report.items_kept,
        slow.report.warnings,
    )


def test_a_corrupted_gzip_fails_with_the_byte_offset(shared_fixtures: Path, tmp_path: Path) -> None:
    data = bytearray((shared_fixtures / "tic/real/carefirst-in-network.json.gz").read_bytes())
    for at in range(len(data) // 2, len(data) // 2 + 64):
        data[at] ^= 0x5A
    path = tmp_path / "corrupt.json.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(InputFileError) as info:
        read(path)
    assert info.value.path == str(path) and info.value.offset is not None


def test_a_billing_code_written_with_json_escapes_still_passes_the_filter(tmp_path: Path) -> None:
    path = tmp_path / "escaped.json"
    path.write_text(
        '{"version": "2.0.0", "in_network": [{"billing_code": "9711\\u0030", '
        '"negotiated_rates": [{"provider_references": [], "negotiated_prices": '
        '[{"negotiated_type": "negotiated", "negotiated_rate": 30.5, "billing_class": '
        '"professional"}]}]}]}'
    )
    _, rates, _ = read(path, row_filter=RowFilter(billing_codes=frozenset({"97110"})))
    assert [(r[0], r[2]) for r in rates] == [("97110", 30.5)]


@pytest.mark.parametrize("columnar", [True, False], ids=["columnar", "item-by-item"])
def test_the_remote_reference_warning_counts_the_prices_kept_once_each(
    shared_fixtures: Path, tmp_path: Path, columnar: bool
) -> None:
    source = shared_fixtures / "tic/v2/in-network-rates-all-negotiated-types-sample.json"
    doc = json.loads(source.read_bytes())
    doc["provider_references"] = [
        {"provider_group_id": 1, "location": "https://example.invalid/1.json"},
        {"provider_group_id": 2, "location": "https://example.invalid/2.json"},
    ]
    path = tmp_path / "remote.json"
    path.write_text(json.dumps(doc))
    # 5 of the 8 prices are professional; two of them name both references
    reader, rates, _ = read(
        path, row_filter=RowFilter(billing_classes=frozenset({"professional"})), columnar=columnar
    )
    assert len(rates) == 5
    assert any(
        "2 provider references are remote" in w
        and "5 of the negotiated prices kept (rows) name 2 of them" in w
        for w in reader.report.warnings
    ), reader.report.warnings
