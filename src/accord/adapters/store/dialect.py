"""SQL expressions that read the same on SQLite and PostgreSQL but are spelt differently.

The read model's queries are written once with these; each compiles to its dialect's
spelling, so that no query needs an ``if postgresql`` of its own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

__all__ = [
    "bytewise",
    "hours_between",
    "json_elements",
    "json_objects",
    "json_text",
    "year_month",
]


class bytewise(FunctionElement[str]):
    """Text compared by code point, as Python sorts it (PostgreSQL's "C" collation).

    SQLite compares text that way already; PostgreSQL would use the database's locale.
    """

    type = sa.String()
    inherit_cache = True


@compiles(bytewise)
def _bytewise(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(bytewise, "postgresql")
def _bytewise_postgresql(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "C"'


class hours_between(FunctionElement[float]):
    """``end - start`` in hours, as a float (``hours_between(start, end)``)."""

    type = sa.Float()
    inherit_cache = True


def _arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [str(compiler.process(arg, **kw)) for arg in element.clauses]


@compiles(hours_between)
def _hours_sqlite(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    # Datetimes are stored as ISO text in UTC; julianday() keeps milliseconds.
    start, end = _arguments(element, compiler, **kw)
    return f"((julianday({end}) - julianday({start})) * 24.0)"


@compiles(hours_between, "postgresql")
def _hours_postgresql(element: hours_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return f"(CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS DOUBLE PRECISION) / 3600.0)"


class json_elements(FunctionElement[Any]):
    """The elements of a JSON array column, as a table-valued function with ``value``.

    Use ``json_elements(column).table_valued("value")`` and join it on true.
    """

    inherit_cache = True


@compiles(json_elements)
def _json_each(element: json_elements, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_elements, "postgresql")
def _json_array_elements(element: json_elements, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_elements_text({compiler.process(element.clauses, **kw)})"


class json_objects(FunctionElement[Any]):
    """The objects of a JSON array column, as a table-valued function with ``value``;
    read their fields with :class:`json_text`."""

    inherit_cache = True


@compiles(json_objects)
def _json_objects(element: json_objects, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_objects, "postgresql")
def _json_objects_postgresql(element: json_objects, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_elements({compiler.process(element.clauses, **kw)})"


class json_text(FunctionElement[str]):
    """One field of a JSON object as text: ``json_text(value, "amount")``."""

    type = sa.String()
    inherit_cache = True

    def __init__(self, value: sa.ColumnElement[Any], field: str) -> None:
        if not field.isidentifier():
            raise ValueError(f"not a plain field name: {field!r}")
        self.field = field
        # The field rides along as a second argument so that it is part of the
        # statement's cache key; the compilers below spell it their own way.
        super().__init__(value, sa.literal_column(f"'{field}'"))


@compiles(json_text)
def _json_extract(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    value = _arguments(element, compiler, **kw)[0]
    return f"json_extract({value}, '$.{element.field}')"


@compiles(json_text, "postgresql")
def _json_field(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    value = _arguments(element, compiler, **kw)[0]
    return f"({value} ->> '{element.field}')"


class year_month(FunctionElement[str]):
    """A date's month as ``YYYY-MM`` text."""

    type = sa.String()
    inherit_cache = True


@compiles(year_month)
def _strftime(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(year_month, "postgresql")
def _to_char(element: year_month, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"
