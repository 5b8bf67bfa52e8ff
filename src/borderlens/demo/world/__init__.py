"""The synthetic demo world: companies, ownership, declarations, fraud and inspections.

`generate_world` writes monthly declaration CSVs, BODS 0.4 registry files, a roles CSV and a
border posts CSV, and returns the ground truth as Arrow tables. Split-shipment fraud uses the
de minimis threshold `DE_MINIMIS_USD` (USD 300): each part stays under it.
"""

from borderlens.demo.world.generator import WorldFiles, generate_world
from borderlens.demo.world.sizes import DE_MINIMIS_USD, SIZES, WorldSize

__all__ = ["DE_MINIMIS_USD", "SIZES", "WorldFiles", "WorldSize", "generate_world"]
