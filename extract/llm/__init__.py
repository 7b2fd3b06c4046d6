"""One chunk in, one validated answer out: the embedded server, the instructor client, prompts, the cache, retries,
the circuit breaker, usage counts, the endpoint check, and the strategies behind one ``ChunkExtractor`` Protocol."""
