"""The shop's domain: carts, orders, handoffs and the rules they enforce on themselves.

SQLModel tables with methods; no I/O of their own beyond what the session loads. The use
cases in `assistant.services` load them through a unit of work and call these methods.
"""
