"""Turning what a shopper said (intents, entities, context) into shop requests. No Rasa imports."""
