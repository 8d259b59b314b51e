"""Data quality: GX suites per warehouse table, validation that gates the load, offline Data Docs.

``expectations.validate.validate_tables`` is the entry point of the flow;
``expectations.report.render_quality`` prints what ``jiedao quality`` shows.
GX itself is imported lazily inside functions (its import takes seconds).
"""
