"""Every contract between the stages: documents and chunks, grounded mentions, and the closed sets of values
(``choices``: modes, evidence styles, strategies, engines, resolvers, statuses) as Literal types; the extraction
schema and the career record live in ``schemas/`` (installed as :mod:`extract.schemas`) so users find and edit them."""
