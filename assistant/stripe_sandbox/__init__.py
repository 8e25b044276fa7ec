"""Local Stripe stand-in for Checkout Sessions: API, hosted payment page and signed webhooks."""
