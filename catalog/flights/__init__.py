"""The flights department: an airline's offers (flights and fares), loaded like any feed."""
