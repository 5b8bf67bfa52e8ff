"""Table definitions, schema versions and helpers that read and write the warehouse."""
