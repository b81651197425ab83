"""Test support: a throwaway PostgreSQL cluster, clocks and record factories."""
