"""Read every source through one validation-and-quarantine path into the warehouse."""
