"""Talking to the model: the embedded server, the instructor client, the cache, retries and usage counts."""
