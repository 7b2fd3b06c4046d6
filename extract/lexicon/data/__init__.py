"""The lexicon's data files (orgs.toml, cues.toml, surnames.toml), installed with the package and read with
importlib.resources; users add their own with --orgs / --cues."""
