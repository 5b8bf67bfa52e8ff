"""Mappings that ship with BorderLens."""
