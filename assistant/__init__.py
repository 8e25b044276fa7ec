"""Chat-commerce assistant: shop services, web app, CLI and the Rasa channel connector.

Kept free of imports: `assistant.channels` and `assistant.nlu` are loaded by the Rasa server,
which runs in its own Python 3.10 venv without this package's dependencies.
"""
