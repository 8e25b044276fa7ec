"""Custom Rasa NLU components. Loaded by the Rasa server (Python 3.10 venv): Rasa deps only."""
