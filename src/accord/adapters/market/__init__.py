"""The market store: a partitioned Parquet dataset with a manifest, queried with DuckDB."""
