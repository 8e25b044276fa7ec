"""The use cases of the shop: one function per thing a shopper or merchant does.

Each takes a unit of work (and a payment gateway where money moves), loads the domain objects
it needs, calls their methods, commits, and returns frozen views, never live ORM rows. The
actions, the web app and the CLI call these and nothing below them.
"""
