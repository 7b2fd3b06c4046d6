"""Every contract between the stages: documents and chunks, grounded mentions; the extraction schema and the
career record live in ``schemas/`` (installed as :mod:`extract.schemas`) so users find and edit them."""
