"""Entity resolution: standardize names, addresses and countries; match records to entities."""
