"""The Messenger channel, loaded by the Rasa server (Python 3.10 venv): stdlib, Rasa, aiohttp.

Pure modules (signature, webhook_events, send_api, send_api_contract, profile) import nothing
outside the standard library, so the shop web app and the tests can use them too.
"""
