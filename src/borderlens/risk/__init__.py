"""Risk engine: features, learned models, selection policies and backtests."""
