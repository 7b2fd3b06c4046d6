"""Run ``bench/quality.py`` on an older commit's code, for issue 18's "the old default re-run in the same session".

    git worktree add /tmp/v01 7665a4f                     # the 0.1 code
    # add the configuration to /tmp/v01/bench/quality.py, e.g. "c800-s9": ({"chunk_size": 800}, "…", None)
    python bench/old_default.py /tmp/v01 --corpus seeds --configs c800-s9 --cold

Why a script: this venv has the current checkout installed in editable mode, and the old ``bench/_common.py`` puts
the worktree first on ``sys.path``, where ``extract.schemas`` and ``extract.prompts`` do not exist (they are the
top-level ``schemas/`` and ``prompts/``, mapped into the package only by installing). So the old package is laid out
as installed (symlinks in a temporary folder) and imported before the old ``quality.py`` runs. Its results go to the
worktree's ``bench/results/quality.json``; copy the entry over by hand.
"""

from __future__ import annotations

import runpy
import sys
import tempfile
from pathlib import Path


def main() -> None:
    worktree = Path(sys.argv[1]).resolve()
    package = Path(tempfile.mkdtemp(prefix="old-extract-")) / "extract"
    package.mkdir()
    for entry in (worktree / "extract").iterdir():
        (package / entry.name).symlink_to(entry)
    for name in ("schemas", "prompts"):
        (package / name).symlink_to(worktree / name)
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()
                        and "editable" not in repr(f).lower()]
    sys.path.insert(0, str(package.parent))
    import extract  # bound now, so the worktree put first on sys.path later cannot replace it
    import extract.prompts
    import extract.schemas

    if not Path(extract.__file__).resolve().is_relative_to(worktree):
        raise SystemExit(f"imported {extract.__file__}, not the worktree's package")
    sys.argv = ["bench/quality.py", *sys.argv[2:]]
    sys.path.insert(0, str(worktree / "bench"))
    runpy.run_path(str(worktree / "bench" / "quality.py"), run_name="__main__")


if __name__ == "__main__":
    main()
