"""dieuhanh — steering a province's science, technology, innovation and DX programme."""
