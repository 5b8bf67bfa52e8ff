"""What every request handler shares: the store, the settings, the limiter and the signer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from borderlens.jobs.runner import JobRunner
from borderlens.settings import Settings
from borderlens.warehouse.store import Store
from borderlens.web.security.forms import FormSigner
from borderlens.web.security.limits import LoginLimiter

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")


@dataclass
class Workbench:
    store: Store
    settings: Settings
    demo: bool = False
    signer: FormSigner = field(default_factory=FormSigner)
    limiter: LoginLimiter = field(init=False)
    jobs: JobRunner = field(init=False)
    control_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """What commands on this machine show to have their jobs run here (see warehouse.holder)."""

    def __post_init__(self) -> None:
        self.limiter = LoginLimiter(self.settings.login_attempts)
        self.jobs = JobRunner(self.store, self.settings)

    def close(self) -> None:
        """Let a running job finish, then close the warehouse."""
        self.jobs.close()
        self.store.close()


def workbench(request: Request) -> Workbench:
    found: Workbench = request.app.state.workbench
    return found


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
