"""The ``extract`` command: typer wiring only; every stage lives in its own module.

Errors become one line on stderr here, at the edge, and nowhere else. Exit status: 0 all good, 1 something in
the batch failed (the rest was still done and written), 2 the command could not run at all. Data (paths, reasons,
names) is never read as rich markup and never spans two lines: see :mod:`extract.render.terminal`.

The commands are registered on :data:`app` by importing their modules, in the order ``--help`` lists them:
``extracting`` (ingest, run), ``fixing`` (fix), ``records`` (consolidate, remove, show, diff, eval, flows, report)
and ``tools`` (serve,
schema, cache info, cache clear).
"""

from __future__ import annotations

from extract.cli import extracting, fixing, records, tools  # noqa: F401  (registers the commands, in this order)
from extract.cli.common import app

__all__ = ["app"]
