"""One module per area; the provider discovers every TerriDiagAlgorithm subclass defined here."""
