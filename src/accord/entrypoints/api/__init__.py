"""The JSON API (FastAPI): routes under ``/api``, schemas at the edge, one error handler."""
