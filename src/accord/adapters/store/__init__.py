"""The relational store: SQLAlchemy 2 tables, mappings, migrations and the unit of work.

SQLite and PostgreSQL share one code path; dialect details stay in this package.
"""
