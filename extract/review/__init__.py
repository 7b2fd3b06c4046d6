"""Working with records after a run: diff two runs, score against a gold file, list the moves, find people by name
(logic only; the terminal output is in :mod:`extract.render`)."""
