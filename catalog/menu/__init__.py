"""The meals department: a restaurant's menu (dishes, options, hours, delivery zone)."""
