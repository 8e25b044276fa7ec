"""Rasa SDK actions: thin adapters from the tracker to the shop services."""
