"""XLSX workbooks with openpyxl (write-only mode): text cells are stored as text with the
text number format, so an id like ``02134`` keeps its zero and a payer's name starting
with ``=`` is never a formula."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from accord.services.workbook_ports import Sheet

__all__ = ["OpenpyxlWorkbooks"]


class OpenpyxlWorkbooks:
    """Builds XLSX workbooks in memory."""

    def xlsx_bytes(self, sheets: Sequence[Sheet]) -> bytes:
        """The workbook's bytes, one worksheet per sheet, headings in bold."""
        # Imported here: only a workbook export pays for openpyxl.
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        book = Workbook(write_only=True)
        bold = Font(bold=True)
        for sheet in sheets:
            ws = book.create_sheet(sheet.name[:31])
            header = []
            for name in sheet.headers:
                cell = WriteOnlyCell(ws, value=name)
                cell.font = bold
                header.append(cell)
            ws.append(header)
            for row in sheet.rows:
                cells = []
                for value in row:
                    # Decimal cents become numbers a spreadsheet sums (exact to the cent)
                    plain = float(value) if isinstance(value, Decimal) else value
                    cell = WriteOnlyCell(ws, value=plain)
                    if isinstance(value, str):
                        cell.data_type = "s"  # text, never a formula
                        cell.number_format = "@"
                    cells.append(cell)
                ws.append(cells)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
