"""Versioned prompt templates (installed as ``extract.prompts``); loaded by :mod:`extract.llm.prompt`."""
