"""Review: the people who act on the machine's advice (accounts and roles) and the record of
what they decided and found, kept append-only."""
