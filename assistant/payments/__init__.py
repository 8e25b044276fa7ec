"""Payments through Stripe Checkout (or the local Stripe sandbox when no keys are set)."""
