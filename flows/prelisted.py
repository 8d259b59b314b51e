"""The listing ``jiedao run`` made while checking for new inputs, handed to the flow it then starts here.

``flows.unchanged_run`` lists and hashes every input before it knows whether a flow run is needed. When
one is, the flow's ingest step takes that listing instead of walking and hashing every file again (~1 s
per 20,000 files, on the run's critical path while the workers' imports load the other core). Only what
the files hold is reused: which of them need processing is planned again, under the flow's own lock. A
file changed in the seconds between the two is read as it is then, as it would be after any listing.

Kept in this process only, and taken once: a flow of other sources, another data dir, or in another
process (a deployment served by ``jiedao serve``) lists for itself.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flows.inputs import Listing

_kept: dict[tuple[tuple[str, ...], Path], Listing] = {}


def keep(sources: list[str], data_dir: Path, listing: Listing) -> None:
    """Offer ``listing`` (of ``sources``, for ``data_dir``) to the next flow run in this process."""
    _kept.clear()
    _kept[(tuple(sources), data_dir.resolve())] = listing


def take(sources: list[str], data_dir: Path, run_id: str) -> Listing | None:
    """The listing kept for these sources and data dir, its rejects now the run's; None if there is none."""
    listing = _kept.pop((tuple(sources), data_dir.resolve()), None)
    _kept.clear()
    if listing is None:
        return None
    return replace(listing, rejects=[{**row, "run_id": run_id} for row in listing.rejects])
