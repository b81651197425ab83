"""Practice economics: therapy billing rules, payer contracts and expected vs paid.

Pure Python: the modules here take values and return values; files, the store and the
Medicare fee schedule reach them through services and their ports.
"""

__all__: list[str] = []
