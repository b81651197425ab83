"""The read model's indexes: created by the migrations as the tables declare them."""

from __future__ import annotations

import sqlalchemy as sa

from accord.adapters.store.store import Store
from accord.adapters.store.tables import metadata


def test_the_migrations_create_every_index_the_tables_declare(database_url: str) -> None:
    store = Store(database_url)
    try:
        store.migrate()
        inspector = sa.inspect(store.engine)
        for table in metadata.tables.values():
            stored = {i["name"]: i["column_names"] for i in inspector.get_indexes(table.name)}
            for index in table.indexes:
                assert index.name in stored, (table.name, index.name)
                assert stored[index.name] == [c.name for c in index.columns], index.name
        assert "ix_negotiations_board" in {i.name for i in metadata.tables["negotiations"].indexes}
    finally:
        store.dispose()
