"""Files of practice economics: fee-schedule workbooks, code-label tables, Medicare prices."""

__all__: list[str] = []
