"""The shop web app: Stripe webhook, checkout pages, health (and later the Messenger sandbox)."""
