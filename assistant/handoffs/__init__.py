"""Human handoff: a conversation handed to a person, which the bot leaves alone until released."""
