"""Adapters to the outside world: the store, price-file readers, market queries, documents."""
