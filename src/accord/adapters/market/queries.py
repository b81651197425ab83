"""DuckDB queries over the market dataset: percentiles, payers against the market, exports.

Percentiles are DuckDB's ``quantile_cont`` (linear interpolation), the same definition as
:func:`accord.domain.market.benchmark.summarise_rates`. Only dollar amounts enter a
summary: rates whose negotiated type is ``percentage`` are left out unless asked for.

Regions are those of :mod:`accord.domain.market.rate_query`. A CBSA holds the rates of
the ZIP3s whose ZIP codes lie mostly in it, by HUD's ZIP → CBSA crosswalk
(:mod:`accord.adapters.market.regions`), which must be loaded first. A county
(``county:MD:Montgomery``) chooses the Medicare locality (from CMS's locality–county
file, loaded with the fee schedule); rates carry no county, so its rates are those of
its state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from accord.adapters.market.dataset import MarketDataset
from accord.adapters.market.regions import zip_cbsa_file
from accord.domain.market.benchmark import RateSummary
from accord.domain.market.localities import CountyLocality, locate_county
from accord.domain.market.payers import normalize_payer_name
from accord.domain.market.rate_query import RateQuery, parse_region
from accord.errors import NotFoundError

__all__ = ["MarketQueries", "rate_conditions"]

_STATS = (
    "count(*)::BIGINT, min(rate), quantile_cont(rate, 0.10), quantile_cont(rate, 0.25), "
    "quantile_cont(rate, 0.50), quantile_cont(rate, 0.75), quantile_cont(rate, 0.90), max(rate)"
)


def rate_conditions(query: RateQuery) -> tuple[str, list[Any]]:
    """The SQL condition that selects the rates of ``query``, and its parameters."""
    clauses = ["billing_code = ?"]
    params: list[Any] = [query.billing_code]
    if query.modifier is not None:
        clauses.append("modifier = ?")
        params.append(query.modifier)
    region = parse_region(query.region)
    if region is not None and region[0] == "cbsa":
        clauses.append("zip3 IN (SELECT zip3 FROM cbsa_zip3 WHERE cbsa = ?)")
        params.append(region[1])
    elif region is not None and region[0] == "county":
        clauses.append("state = ?")  # rates carry no county: its state's rates
        params.append(region[1].split(":", 1)[0])
    elif region is not None:
        clauses.append(f"{region[0]} = ?")
        params.append(region[1])
    if query.payer:
        clauses.append("payer_normalized LIKE ?")
        params.append(f"%{normalize_payer_name(query.payer)}%")
    if query.billing_class:
        clauses.append("billing_class IN (?, 'both')")
        params.append(query.billing_class)
    if query.setting:
        clauses.append("setting IN (?, 'both', '')")
        params.append(query.setting)
    if query.negotiated_types:
        clauses.append(f"negotiated_type IN ({', '.join('?' * len(query.negotiated_types))})")
        params.extend(query.negotiated_types)
    return " AND ".join(clauses), params


def _literal(path: str | Path) -> str:
    """A path as a SQL string literal (DuckDB cannot bind parameters in DDL or COPY)."""
    return "'" + str(path).replace("'", "''") + "'"


def _summary(row: tuple[Any, ...] | None) -> RateSummary | None:
    if row is None or not row[0]:
        return None
    return RateSummary(int(row[0]), *(float(v) for v in row[1:8]))


class MarketQueries:
    """Read-only queries; one DuckDB connection kept warm for the object's lifetime."""

    def __init__(self, dataset: MarketDataset, *, threads: int | None = None) -> None:
        self.dataset = dataset
        self._con = duckdb.connect()
        if threads:
            self._con.execute(f"SET threads={int(threads)}")
        self._files = [str(p) for p in dataset.rate_files()]
        if self._files:
            listed = ", ".join(_literal(f) for f in self._files)
            self._con.execute(
                f"CREATE VIEW rates AS SELECT * FROM read_parquet([{listed}], "
                "hive_partitioning = true)"
            )
        pfs = dataset.pfs_file()
        self._has_pfs = pfs is not None
        self._has_zips = False
        self._has_counties = False
        if pfs is not None:
            counties = pfs.parent / "county_localities.parquet"
            if counties.is_file():
                self._has_counties = True
                self._con.execute(
                    f"CREATE VIEW counties AS SELECT * FROM read_parquet({_literal(counties)})"
                )
            self._con.execute(f"CREATE VIEW pfs AS SELECT * FROM read_parquet({_literal(pfs)})")
            zips = pfs.parent / "zip_localities.parquet"
            if zips.is_file():
                self._has_zips = True
                self._con.execute(
                    f"CREATE VIEW zips AS SELECT * FROM read_parquet({_literal(zips)})"
                )
        crosswalk = zip_cbsa_file(dataset.root)
        self._has_cbsa = crosswalk is not None
        if crosswalk is not None:
            self._con.execute(
                f"CREATE VIEW cbsa_zips AS SELECT * FROM read_parquet({_literal(crosswalk)})"
            )
            # each ZIP3 belongs to the CBSA most of its ZIP codes' addresses lie in
            self._con.execute(
                "CREATE VIEW cbsa_zip3 AS SELECT zip3, cbsa FROM ("
                "SELECT zip3, cbsa, sum(ratio) AS share FROM cbsa_zips GROUP BY zip3, cbsa) "
                "QUALIFY row_number() OVER (PARTITION BY zip3 ORDER BY share DESC, cbsa) = 1"
            )

    def close(self) -> None:
        """Release the DuckDB connection."""
        self._con.close()

    @property
    def empty(self) -> bool:
        """Whether no rates have been ingested."""
        return not self._files

    def check_region(self, region: str | None) -> None:
        """Refuse a region the dataset cannot answer for: a bad one, or a CBSA without
        the crosswalk loaded, or one the crosswalk does not list."""
        parsed = parse_region(region)
        if parsed is not None and parsed[0] == "county" and not self._has_counties:
            raise NotFoundError(
                "county regions need CMS's locality–county file: load the fee schedule with "
                "'accord market pfs --rvu ... --gpci ... --localities 25LOCCO.csv'"
            )
        if parsed is None or parsed[0] != "cbsa":
            return
        if not self._has_cbsa:
            raise NotFoundError(
                "CBSA regions need HUD's ZIP-CBSA crosswalk: download the ZIP-CBSA file "
                "from HUD USPS ZIP Code Crosswalk Files, save it as CSV and load it with "
                "'accord market regions FILE'"
            )
        row = self._con.execute(
            "SELECT count(*) FROM cbsa_zips WHERE cbsa = ?", [parsed[1]]
        ).fetchone()
        if not row or not row[0]:
            raise NotFoundError(f"CBSA {parsed[1]} is not in the loaded ZIP-CBSA crosswalk")

    def _where(self, query: RateQuery) -> tuple[str, list[Any]]:
        self.check_region(query.region)
        return rate_conditions(query)

    def summary(self, query: RateQuery) -> RateSummary | None:
        """Count, min, P10–P90 and max of the matching rates, or ``None`` if none match."""
        where, params = self._where(query)
        if self.empty:
            return None
        row = self._con.execute(f"SELECT {_STATS} FROM rates WHERE {where}", params).fetchone()
        return _summary(row)

    def by_payer(self, query: RateQuery) -> list[tuple[str, RateSummary]]:
        """The summary of each payer in the market, largest first."""
        where, params = self._where(query)
        if self.empty:
            return []
        rows = self._con.execute(
            f"SELECT any_value(payer), {_STATS} FROM rates WHERE {where} "
            "GROUP BY payer_normalized ORDER BY count(*) DESC",
            params,
        ).fetchall()
        out = []
        for row in rows:
            summary = _summary(row[1:])
            if summary is not None:
                out.append((str(row[0]), summary))
        return out

    def share_at_or_below(self, query: RateQuery, rate: float) -> float | None:
        """The fraction of market rates at or below ``rate`` (its percentile rank, 0–1)."""
        where, params = self._where(query)
        if self.empty:
            return None
        row = self._con.execute(
            f"SELECT avg(CASE WHEN rate <= ? THEN 1.0 ELSE 0.0 END) FROM rates WHERE {where}",
            [rate, *params],
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def medicare(
        self,
        billing_code: str,
        *,
        modifier: str = "",
        region: str | None = None,
        facility: bool = False,
    ) -> float | None:
        """The Medicare PFS amount for the code in the region's locality (national if none).

        A state with several localities takes its statewide / rest-of-state locality, or
        else the median of its localities; a ZIP3 region takes the locality most of its
        ZIP codes belong to (from CMS's ZIP5 file, when loaded), else the national amount.
        A CBSA takes the locality most of its ZIP codes' addresses lie in (with CMS's ZIP5
        file), else the amount of the state most of them lie in, else the national amount.
        A county takes the locality that names it, else its state's statewide or
        rest-of-state locality (CMS's locality–county file).
        """
        if not self._has_pfs:
            return None
        column = "facility" if facility else "nonfacility"
        parsed = parse_region(region)
        if parsed is not None and parsed[0] == "county":
            county_state, county = parsed[1].split(":", 1)
            amount = self._county_medicare(column, billing_code, modifier, county_state, county)
            if amount is not None:
                return amount
            parsed = ("state", county_state)
        if parsed is not None and parsed[0] == "cbsa" and self._has_cbsa:
            amount, state = self._cbsa_medicare(column, billing_code, modifier, parsed[1])
            if amount is not None:
                return amount
            if state is not None:
                parsed = ("state", state)
        if parsed is not None and parsed[0] == "state":
            amount = self._value(
                f"SELECT coalesce(max({column}) FILTER (WHERE whole_state), median({column})) "
                "FROM pfs WHERE code = ? AND modifier = ? AND state = ?",
                [billing_code, modifier, parsed[1]],
            )
            if amount is not None:
                return amount
        if parsed is not None and parsed[0] == "zip3" and self._has_zips:
            amount = self._value(
                f"SELECT {column} FROM pfs WHERE code = ? AND modifier = ? AND locality_key = ("
                "SELECT locality_key FROM zips WHERE zip3 = ? GROUP BY locality_key "
                "ORDER BY count(*) DESC, locality_key LIMIT 1)",
                [billing_code, modifier, parsed[1]],
            )
            if amount is not None:
                return amount
        return self._value(
            f"SELECT {column} FROM pfs "
            "WHERE code = ? AND modifier = ? AND locality_key = 'national'",
            [billing_code, modifier],
        )

    def _value(self, sql: str, params: list[Any]) -> float | None:
        """The first column of the query's first row, as a number (None when NULL)."""
        row = self._con.execute(sql, params).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def _cbsa_medicare(
        self, column: str, billing_code: str, modifier: str, cbsa: str
    ) -> tuple[float | None, str | None]:
        """(the amount in the locality most of the CBSA's addresses lie in, when CMS's
        ZIP5 file is loaded; else the state most of them lie in, for the caller)."""
        if self._has_zips:
            amount = self._value(
                f"SELECT {column} FROM pfs WHERE code = ? AND modifier = ? "
                "AND locality_key = (SELECT z.locality_key FROM zips z JOIN cbsa_zips c "
                "ON z.zip5 = c.zip5 WHERE c.cbsa = ? GROUP BY z.locality_key "
                "ORDER BY sum(c.ratio) DESC, z.locality_key LIMIT 1)",
                [billing_code, modifier, cbsa],
            )
            if amount is not None:
                return amount, None
        state = self._con.execute(
            "SELECT state FROM cbsa_zips WHERE cbsa = ? AND state IS NOT NULL "
            "GROUP BY state ORDER BY sum(ratio) DESC, state LIMIT 1",
            [cbsa],
        ).fetchone()
        return None, (None if state is None else str(state[0]))

    def _county_medicare(
        self, column: str, billing_code: str, modifier: str, state: str, county: str
    ) -> float | None:
        """The amount in the county's locality (:func:`locate_county` on CMS's
        locality–county file), or ``None`` when its state is not listed."""
        if not self._has_counties:
            return None
        rows = self._con.execute(
            "SELECT state, county, locality_key FROM counties WHERE state = ?", [state]
        ).fetchall()
        key = locate_county((CountyLocality(*row) for row in rows), state, county)
        if key is None:
            return None
        row = self._con.execute(
            f"SELECT {column} FROM pfs WHERE code = ? AND modifier = ? AND locality_key = ?",
            [billing_code, modifier, key],
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def export(self, query: RateQuery, path: Path) -> int:
        """Write the matching rows to ``path`` (.csv or .parquet); return the row count."""
        where, params = self._where(query)
        if self.empty:
            return 0
        fmt = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        self._con.execute(
            f"COPY (SELECT * FROM rates WHERE {where} ORDER BY payer, rate) TO {_literal(path)} "
            f"({options})",
            params,
        )
        count = self._con.execute(f"SELECT count(*) FROM rates WHERE {where}", params).fetchone()
        return int(count[0]) if count else 0

    def totals(self) -> dict[str, int]:
        """Rows, distinct codes and payers in the dataset."""
        if self.empty:
            return {"rows": 0, "codes": 0, "payers": 0}
        row = self._con.execute(
            "SELECT count(*), count(DISTINCT billing_code), count(DISTINCT payer_normalized) "
            "FROM rates"
        ).fetchone()
        assert row is not None
        return {"rows": int(row[0]), "codes": int(row[1]), "payers": int(row[2])}
