"""Browser libraries from the npm registry (``assets/package-lock.json``), served by the
workbench itself so that no page loads anything from the internet."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from borderlens.web.context import HERE

NODE_MODULES = HERE / "assets" / "node_modules"
VENDOR_FILES: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-110m.json": "world-atlas/countries-110m.json",
}
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}

router = APIRouter(include_in_schema=False)


def vendor_path(name: str) -> Path:
    return NODE_MODULES / VENDOR_FILES[name]


def missing_vendor_files() -> list[str]:
    """Files the set-up has not installed (``make setup`` runs ``npm ci`` in assets/)."""
    return [name for name in VENDOR_FILES if not vendor_path(name).is_file()]


@router.get("/vendor/{name}")
def vendor_file(name: str) -> FileResponse:
    if name not in VENDOR_FILES or not vendor_path(name).is_file():
        raise HTTPException(404, f"no vendor file {name}")
    return FileResponse(
        vendor_path(name),
        media_type=MEDIA_TYPES[Path(name).suffix],
        headers={"Cache-Control": "public, max-age=86400"},
    )
