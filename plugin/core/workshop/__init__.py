"""Workshop outputs: the commune sheet ("fiche atelier") and the offline bundle."""
