"""Measure: what the selection and the officers' work achieve (facilitation, revenue,
security, hit rates), from the workbench's records and the historical inspection results."""

from borderlens.measure.kpis import GroupRow, Kpis, Tally, Week, compute_kpis

__all__ = ["GroupRow", "Kpis", "Tally", "Week", "compute_kpis"]
