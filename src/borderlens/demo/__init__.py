"""The demo world: a synthetic customs administration generated, then ingested like real data."""
