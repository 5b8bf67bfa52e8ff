"""Border posts and customs offices with approximate real coordinates (WGS 84)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BorderPost:
    """A customs office; `kind` is road, rail, sea, air or inland."""

    post_id: str
    name: str
    country: str
    kind: str
    latitude: float
    longitude: float


BORDER_POSTS: tuple[BorderPost, ...] = (
    BorderPost("GE-SRP", "Sarpi", "GE", "road", 41.5217, 41.5476),
    BorderPost("GE-KZB", "Kazbegi (Upper Lars)", "GE", "road", 42.7374, 44.6280),
    BorderPost("GE-RBR", "Red Bridge", "GE", "road", 41.3336, 45.1060),
    BorderPost("GE-SDK", "Sadakhlo", "GE", "road", 41.2414, 44.8003),
    BorderPost("GE-VAL", "Vale", "GE", "road", 41.6133, 42.8569),
    BorderPost("GE-NNM", "Ninotsminda", "GE", "road", 41.2333, 43.7942),
    BorderPost("GE-LGD", "Lagodekhi", "GE", "road", 41.7979, 46.2667),
    BorderPost("GE-GRD", "Gardabani rail", "GE", "rail", 41.4633, 45.0929),
    BorderPost("GE-SDR", "Sadakhlo rail", "GE", "rail", 41.2500, 44.8100),
    BorderPost("GE-POT", "Poti seaport", "GE", "sea", 42.1564, 41.6650),
    BorderPost("GE-BTM", "Batumi seaport", "GE", "sea", 41.6491, 41.6474),
    BorderPost("GE-TBS", "Tbilisi International Airport", "GE", "air", 41.6692, 44.9547),
    BorderPost("GE-KUT", "Kutaisi International Airport", "GE", "air", 42.1763, 42.4826),
    BorderPost("GE-TBI", "Tbilisi Digomi customs clearance zone", "GE", "inland", 41.7700, 44.7800),
    BorderPost("GE-RST", "Rustavi customs clearance zone", "GE", "inland", 41.5495, 45.0036),
    BorderPost("GE-KUI", "Kutaisi customs clearance zone", "GE", "inland", 42.2679, 42.6946),
    BorderPost("TR-SRP", "Sarp", "TR", "road", 41.5160, 41.5530),
    BorderPost("TR-TGZ", "Türkgözü", "TR", "road", 41.6010, 42.8490),
    BorderPost("RU-ULR", "Verkhny Lars", "RU", "road", 42.7416, 44.6347),
    BorderPost("AM-BGR", "Bagratashen", "AM", "road", 41.2450, 44.8180),
    BorderPost("AM-BVR", "Bavra", "AM", "road", 41.2180, 43.8140),
    BorderPost("AZ-QRK", "Qırmızı Körpü", "AZ", "road", 41.3290, 45.1130),
    BorderPost("AZ-MTS", "Mazımçay", "AZ", "road", 41.7800, 46.3000),
)

# Offices where goods from each neighbour usually arrive, as (transport mode, post id).
ROUTES_BY_COUNTRY: dict[str, tuple[tuple[str, str], ...]] = {
    "TR": (("road", "GE-SRP"), ("road", "GE-SRP"), ("road", "GE-VAL"), ("road", "GE-TBI")),
    "RU": (("road", "GE-KZB"), ("road", "GE-KZB"), ("rail", "GE-GRD"), ("road", "GE-TBI")),
    "AZ": (("road", "GE-RBR"), ("rail", "GE-GRD"), ("road", "GE-LGD"), ("road", "GE-RST")),
    "AM": (("road", "GE-SDK"), ("road", "GE-NNM"), ("rail", "GE-SDR"), ("road", "GE-TBI")),
    "KZ": (("rail", "GE-GRD"), ("road", "GE-RBR"), ("road", "GE-TBI"), ("road", "GE-KZB")),
}
DEFAULT_ROUTES: tuple[tuple[str, str], ...] = (
    ("sea", "GE-POT"), ("sea", "GE-POT"), ("sea", "GE-BTM"), ("air", "GE-TBS"),
    ("road", "GE-TBI"), ("road", "GE-SRP"), ("sea", "GE-POT"), ("road", "GE-KUI"),
)  # fmt: skip
EXPRESS_ROUTES: tuple[tuple[str, str], ...] = (("air", "GE-TBS"), ("air", "GE-KUT"))
