"""The workbench application: pages, JSON API, static files, security headers, error pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from borderlens.warehouse.store import WarehouseBusy
from borderlens.web.context import HERE, Workbench
from borderlens.web.deps import CsrfRejected, Forbidden, NotSignedIn
from borderlens.web.pages import render
from borderlens.web.routes import ROUTERS
from borderlens.web.vendor import router as vendor_router

# Every script, style, image and request stays on this server; nothing inline runs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(bench: Workbench, on_stop: Callable[[], None] | None = None) -> FastAPI:
    """The application over one open warehouse; ``on_stop`` runs when the server stops (on
    Ctrl+C and on SIGTERM alike)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if on_stop is not None:
            on_stop()

    app = FastAPI(
        lifespan=lifespan,
        title="BorderLens workbench API",
        description="Everything the workbench pages show, for programs. Authenticate with "
        "`Authorization: Bearer TOKEN` (issue a token on your account page).",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.workbench = bench
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(vendor_router)
    for router in ROUTERS:
        app.include_router(router)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.url.path.startswith(("/static/", "/vendor/")):
                continue
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": "sign in or send an API token"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=403)
        viewer = getattr(request.state, "viewer", None)
        return render(
            request,
            "message.html",
            viewer,
            403,
            heading="Not for your role",
            message=f"Your role ({viewer.user.role.value if viewer else 'none'}) may not "
            f"{error.permission.value}. Ask an administrator if you need it.",
        )

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, error: CsrfRejected) -> Response:
        message = "the request lacked its form token (CSRF); reload the page and try again"
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        viewer = getattr(request.state, "viewer", None)
        return render(
            request, "message.html", viewer, 403, heading="Refused", message=f"T{message[1:]}."
        )

    @app.exception_handler(WarehouseBusy)
    async def busy(request: Request, error: WarehouseBusy) -> Response:
        headers = {"Retry-After": "30"}
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=503, headers=headers)
        viewer = getattr(request.state, "viewer", None)
        response = render(
            request, "message.html", viewer, 503, heading="Busy", message=f"T{str(error)[1:]}."
        )
        response.headers.update(headers)
        return response

    return app
