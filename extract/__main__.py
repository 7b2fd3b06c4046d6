"""``python -m extract``: the same command line as the ``extract`` script."""

from extract.cli import app

app(prog_name="extract")
