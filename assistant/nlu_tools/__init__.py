"""Trainer tools outside Rasa's process: held-out evaluation reports and the fallback inbox."""
