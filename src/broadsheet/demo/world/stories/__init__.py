"""Article texts of the sample world, one module per group of events or outlet."""
