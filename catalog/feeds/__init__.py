"""Readers for the catalog feeds merchants already have. Each yields FeedRow or RowError."""
