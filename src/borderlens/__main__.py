"""``python -m borderlens`` runs the command line."""

from borderlens.cli import app

app()
