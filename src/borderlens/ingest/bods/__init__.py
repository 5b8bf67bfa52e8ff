"""Beneficial Ownership Data Standard (BODS 0.2, 0.3, 0.4) into registry and ownership tables."""

from borderlens.ingest.bods.loader import SOURCE_KIND, ingest_bods
from borderlens.ingest.bods.notes import load_detail, ownership_cycle_count

__all__ = ["SOURCE_KIND", "ingest_bods", "load_detail", "ownership_cycle_count"]
