"""Backups of the database: a SQLite copy or a ``pg_dump`` archive.

The port is ``services/backup_ports.py``; ``bootstrap`` picks the adapter by dialect.
"""
