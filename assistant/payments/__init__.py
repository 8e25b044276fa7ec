"""The Stripe adapter: the payment gateway the use cases call, and Stripe's events translated
into use-case calls. Works the same against Stripe and against the local Stripe sandbox."""
