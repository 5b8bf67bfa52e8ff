"""The risk commands of the ``borderlens`` CLI, one module per task."""

from borderlens.risk.commands.backtest import backtest_app
from borderlens.risk.commands.modelling import (
    explain_command,
    retrain_command,
    score_command,
    train_command,
)
from borderlens.risk.commands.rules import rules_app
from borderlens.risk.commands.selection import select_command, simulate_command

__all__ = [
    "backtest_app",
    "explain_command",
    "retrain_command",
    "rules_app",
    "score_command",
    "select_command",
    "simulate_command",
    "train_command",
]
