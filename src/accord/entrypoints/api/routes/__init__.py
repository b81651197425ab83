"""API routers, one per part of the record."""
