"""Turn item columns into the text cells of the declarations CSV, including malformed rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from borderlens.demo.world.countries import COUNTRIES
from borderlens.demo.world.declarations import Items
from borderlens.demo.world.fraud import tax_rate
from borderlens.demo.world.goods import GoodsCatalogue
from borderlens.demo.world.population import Company
from borderlens.demo.world.trade import TradeNetwork

DECLARATION_COLUMNS = (
    "declaration_id", "item_no", "declaration_date", "office_id", "process_type", "import_type",
    "import_use", "payment_type", "transport_mode", "declarant_id", "declarant_name",
    "importer_id", "importer_name", "importer_address", "importer_country", "seller_id",
    "seller_name", "seller_address", "seller_country", "courier_id", "declared_related",
    "hs_code", "goods_description", "origin_country", "departure_country", "origin_indicator",
    "tax_type", "tax_rate", "net_mass_kg", "quantity", "quantity_unit", "item_value", "currency",
    "inspected", "fraud_label", "critical_fraud_label", "revenue_recovered",
)  # fmt: skip
MALFORMED_SHARE = 0.002
Cells = npt.NDArray[np.object_]


def _variant_table(
    companies: tuple[Company, ...], addresses: bool
) -> tuple[Cells, npt.NDArray[np.int64]]:
    options = [c.address_variants if addresses else c.name.variants for c in companies]
    width = max(len(o) for o in options)
    table = np.array([list(o) + [o[0]] * (width - len(o)) for o in options], dtype=object)
    return table, np.array([len(o) for o in options], np.int64)


def _pick(
    table: Cells, sizes: npt.NDArray[np.int64], who: npt.NDArray[np.int64], rng: np.random.Generator
) -> Cells:
    return np.asarray(
        table[who, (rng.random(len(who)) * sizes[who]).astype(np.int64)], dtype=object
    )


def blank_where(mask: npt.NDArray[np.bool_], values: npt.NDArray[np.generic]) -> Cells:
    """`values` as text cells, with None (an empty cell) where `mask` is true."""
    cells = np.asarray(values, dtype=np.object_).copy()
    cells[mask] = None
    return cells


def _text(values: npt.NDArray[np.float64], decimals: int) -> Cells:
    return np.char.mod(f"%.{decimals}f", values).astype(object)


def _bool_text(values: npt.NDArray[np.bool_]) -> Cells:
    return np.where(values, "true", "false").astype(object)


def declaration_cells(
    items: Items, network: TradeNetwork, catalogue: GoodsCatalogue, routes: list[tuple[str, str]],
    start: dt.date, declared_related: npt.NDArray[np.bool_], rng: np.random.Generator,
) -> dict[str, Cells]:  # fmt: skip
    """Every CSV column as an object array of strings (None where the cell is empty)."""
    importer = network.pair_importer[items.pair]
    seller = network.pair_seller[items.pair]
    codes = [c.code for c in COUNTRIES]
    country = np.array(codes, dtype=object)
    dates = (np.datetime64(start) + items.day.astype("timedelta64[D]")).astype(str).astype(object)
    years = np.array([d[:4] for d in dates.tolist()], dtype=object)
    header_cells = _header_cells(items, network, routes, rng)
    seller_codes = np.array(
        [list(c) + [c[0]] * (3 - len(c)) for c in network.seller_codes], dtype=object
    )
    code_sizes = np.array([len(c) for c in network.seller_codes])
    unit_kg = catalogue.unit_kg[items.hs]
    rate = tax_rate(catalogue, items.declared_hs, items.declared_origin)
    inspected = np.asarray(items.extra["inspected"], np.bool_)
    label = np.asarray(items.extra["fraud_label"], np.int64)
    recovered = np.asarray(items.extra["revenue_recovered"], np.float64)
    cells: dict[str, Cells] = {
        "declaration_id": years + "GE" + np.char.mod("%08d", items.header + 1).astype(object),
        "item_no": items.item_no.astype(str).astype(object),
        "declaration_date": dates,
        "importer_id": np.array([c.registration for c in network.importers], dtype=object)[
            importer
        ],
        "importer_country": np.full(len(items), "GE", dtype=object),
        "seller_id": seller_codes[seller, (items.broker + seller) % code_sizes[seller]],
        "seller_country": country[np.array([codes.index(c.country) for c in network.sellers])][
            seller
        ],
        "declared_related": _bool_text(declared_related[items.pair]),
        "hs_code": np.array(catalogue.codes, dtype=object)[items.declared_hs],
        "goods_description": np.array(catalogue.descriptions, dtype=object)[items.hs],
        "origin_country": country[items.declared_origin],
        "departure_country": country[items.departure],
        "origin_indicator": np.where(
            _preferential(items), "preferential", "non-preferential"
        ).astype(object),
        "tax_type": np.where(
            catalogue.excise_rate[items.declared_hs] > 0, "duty+excise", "duty"
        ).astype(object),
        "tax_rate": _text(rate, 1),
        "net_mass_kg": _text(items.mass, 3),
        "quantity": _text(np.maximum(np.round(items.mass / unit_kg), 1), 0),
        "quantity_unit": np.array(catalogue.units, dtype=object)[items.hs],
        "item_value": _text(items.declared_value, 2),
        "currency": np.full(len(items), "USD", dtype=object),
        "inspected": _bool_text(inspected),
        "fraud_label": blank_where(~inspected, (label > 0).astype(np.int64).astype(str)),
        "critical_fraud_label": blank_where(~inspected, label.astype(str)),
        "revenue_recovered": blank_where(~inspected, _text(recovered, 2)),
    }
    cells.update(_party_cells(items, network, importer, seller, rng))
    cells.update({name: column[items.header] for name, column in header_cells.items()})
    missing = np.asarray(cells.pop("seller_country_missing"), np.bool_)
    cells["seller_country"] = blank_where(missing, cells["seller_country"])
    kg_unit = cells["quantity_unit"] == "kg"
    cells["quantity"] = np.where(kg_unit, cells["net_mass_kg"], cells["quantity"])
    return cells


def _preferential(items: Items) -> npt.NDArray[np.bool_]:
    return np.array([c.preferential for c in COUNTRIES])[items.declared_origin]


def _party_cells(
    items: Items,
    network: TradeNetwork,
    importer: npt.NDArray[np.int64],
    seller: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> dict[str, Cells]:
    first = np.r_[True, items.header[1:] != items.header[:-1]]
    per_header = np.cumsum(first) - 1

    def header_pick(
        table: tuple[Cells, npt.NDArray[np.int64]], who: npt.NDArray[np.int64]
    ) -> Cells:
        chosen = _pick(table[0], table[1], who[first], rng)
        picked: Cells = blank_where(np.asarray(chosen == "", np.bool_), chosen)[per_header]
        return picked

    seller_country_missing = (rng.random(int(first.sum())) < 0.03)[per_header]
    return {
        "importer_name": header_pick(_variant_table(network.importers, False), importer),
        "importer_address": header_pick(_variant_table(network.importers, True), importer),
        "seller_name": header_pick(_variant_table(network.sellers, False), seller),
        "seller_address": header_pick(_variant_table(network.sellers, True), seller),
        "declarant_name": np.array([b.name.latin for b in network.brokers], dtype=object)[
            items.broker
        ],
        "declarant_id": np.array([b.registration for b in network.brokers], dtype=object)[
            items.broker
        ],
        "seller_country_missing": seller_country_missing.astype(object),
    }


def _header_cells(
    items: Items, network: TradeNetwork, routes: list[tuple[str, str]], rng: np.random.Generator
) -> dict[str, Cells]:
    count = int(items.header.max()) + 1
    first = np.flatnonzero(np.r_[True, items.header[1:] != items.header[:-1]])
    route = items.route[first]
    express = items.express[first]
    couriers = np.array(["CR-DHL", "CR-FDX", "CR-UPS", "CR-GPO"], dtype=object)
    return {
        "office_id": np.array([r[1] for r in routes], dtype=object)[route],
        "transport_mode": np.array([r[0] for r in routes], dtype=object)[route],
        "process_type": rng.choice(
            np.array(["IM40", "IM40", "IM40", "IM42", "IM51"], dtype=object), count
        ),
        "import_type": np.where(express, "express", "standard").astype(object),
        "import_use": rng.choice(np.array(["commercial"] * 9 + ["personal"], dtype=object), count),
        "payment_type": rng.choice(
            np.array(["immediate", "deferred", "guarantee"], dtype=object), count
        ),
        "courier_id": blank_where(~express, couriers[rng.integers(0, 4, count)]),
    }
