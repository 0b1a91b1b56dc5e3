"""Running Wijkkompas for real: health, the worker and its scheduler, metrics, and the
answer while the database is away (docs/operators/production.md)."""
