"""The warehouse: table schemas (one definition per table), the Parquet lake, DuckDB loading."""
