"""Rasa SDK actions: thin adapters from the tracker to the shop services."""

from actions.warm_up import start_in_worker

start_in_worker()
