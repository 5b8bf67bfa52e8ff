"""The canonical goods declaration: one row per goods item, header fields repeated."""

from __future__ import annotations

from borderlens.warehouse.fields import FieldSpec

DECLARATION_KEY = ("declaration_id", "item_no")

DECLARATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("declaration_id", "text", "Declaration number given by the customs system.", True),
    FieldSpec(
        "item_no", "integer", "Goods item number within the declaration (1 if absent).", True
    ),
    FieldSpec(
        "declaration_date", "date", "Date the declaration was lodged.", True, ("not_future",)
    ),
    FieldSpec("office_id", "text", "Customs office where it was lodged."),
    FieldSpec("process_type", "text", "Clearance process code."),
    FieldSpec("import_type", "text", "Import type code."),
    FieldSpec("import_use", "text", "Intended use code."),
    FieldSpec("payment_type", "text", "Duty payment method code."),
    FieldSpec("transport_mode", "text", "Mode of transport code."),
    FieldSpec("declarant_id", "text", "Identifier of the declarant (broker)."),
    FieldSpec("declarant_name", "text", "Declarant name as written on the declaration."),
    FieldSpec("importer_id", "text", "Identifier of the importer.", True),
    FieldSpec("importer_name", "text", "Importer name as written on the declaration."),
    FieldSpec("importer_address", "text", "Importer address as written on the declaration."),
    FieldSpec(
        "importer_country", "text", "Importer country (ISO 3166-1 alpha-2).", False, ("country",)
    ),
    FieldSpec("seller_id", "text", "Identifier of the seller or exporter."),
    FieldSpec("seller_name", "text", "Seller name as written on the declaration."),
    FieldSpec("seller_address", "text", "Seller address as written on the declaration."),
    FieldSpec(
        "seller_country", "text", "Seller country (ISO 3166-1 alpha-2).", False, ("country",)
    ),
    FieldSpec("courier_id", "text", "Identifier of the express courier, if any."),
    FieldSpec(
        "declared_related",
        "boolean",
        "Whether the importer declared a relationship with the seller.",
    ),
    FieldSpec(
        "hs_code", "text", "Harmonized System code of 6, 8 or 10 digits.", True, ("hs_code",)
    ),
    FieldSpec("goods_description", "text", "Description of the goods."),
    FieldSpec(
        "origin_country",
        "text",
        "Declared country of origin (ISO 3166-1 alpha-2).",
        True,
        ("country",),
    ),
    FieldSpec(
        "departure_country",
        "text",
        "Country of departure (ISO 3166-1 alpha-2).",
        False,
        ("country",),
    ),
    FieldSpec("origin_indicator", "text", "How origin was established (certificate code)."),
    FieldSpec("tax_type", "text", "Duty rate type code."),
    FieldSpec("tax_rate", "decimal", "Duty rate in percent.", False, ("non_negative",)),
    FieldSpec("net_mass_kg", "decimal", "Net mass in kilograms.", False, ("non_negative",), "kg"),
    FieldSpec("quantity", "decimal", "Quantity in supplementary units.", False, ("non_negative",)),
    FieldSpec("quantity_unit", "text", "Supplementary unit of the quantity."),
    FieldSpec(
        "item_value", "decimal", "Declared customs value of the item.", True, ("non_negative",)
    ),
    FieldSpec("currency", "text", "Currency of the declared value (ISO 4217)."),
    FieldSpec("inspected", "boolean", "Whether the item was inspected."),
    FieldSpec(
        "fraud_label", "integer", "Inspection result: 1 fraud found, 0 none, empty if unknown."
    ),
    FieldSpec("critical_fraud_label", "integer", "Critical fraud: 2 critical, 1 fraud, 0 none."),
    FieldSpec(
        "revenue_recovered",
        "decimal",
        "Additional duties recovered by the inspection.",
        False,
        ("non_negative",),
    ),
)
