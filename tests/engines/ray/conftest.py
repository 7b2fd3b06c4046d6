"""One Ray instance for the whole test session (starting Ray costs seconds): 2 CPUs, no dashboard, quiet.

Every test here is marked ``ray`` (deselect with ``-m "not ray"``) and skipped when the ``[ray]`` extra is missing.
The engine finds Ray already initialised and leaves it running; the fixture shuts it down at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def ray_session() -> Iterator[Any]:
    pytest.importorskip("ray")
    import ray
    import ray.data

    for attempt in (1, 2):  # on a heavily loaded machine Ray's node manager can die at start-up: try once more
        try:
            ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
            break
        except Exception:
            ray.shutdown()
            if attempt == 2:
                raise
    ray.data.DataContext.get_current().enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    yield ray
    ray.shutdown()
