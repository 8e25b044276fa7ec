"""Product catalog: models, feed loaders and search. No Rasa, no web imports here."""
