"""Carts, orders and checkout: the shop's rules, shared by the actions, the web app and the CLI."""
