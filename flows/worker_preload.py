"""Imported once by the fork server of the chunk workers (``flows.worker_pool``): everything a chunk needs.

The fork server dies with the process that started it. Each worker is forked from it, so these imports
and dictionaries are paid once per run, not once per worker. Nothing here may start a thread: a fork
copies none.
"""

from flows.lifetime import die_with_parent

die_with_parent()  # first: a killed run leaves no fork server behind, even one still importing

from flows.memory import pause_collector, release_freed_memory, resume_collector  # noqa: E402

pause_collector()  # until the end: what is made below lives as long as this process

from expectations.gx_import import great_expectations  # noqa: E402

great_expectations()  # validation of every chunk (~3 s to import)

from prefect import task_engine  # noqa: E402, F401  (runs the chunk task in the worker)
from prefect.plugins import load_prefect_collections  # noqa: E402

# A worker's first task rebuilds the flow's context, whose result storage is a Block: Prefect then imports
# every installed collection (prefect-dask: dask, distributed), ~0.4-0.7 s on each worker's first chunk.
# Once here instead, shared by every worker.
load_prefect_collections()

import flows.chunks  # noqa: E402  (the transforms, pandas, pyarrow, the GX glue)
import flows.pipeline  # noqa: E402, F401  (where the tasks a worker runs are defined)
from transforms.document import warm  # noqa: E402

warm()  # jieba's and jieba-rs's dictionaries, jieba's IDF table

from flows.warm_up import warm_up  # noqa: E402

warm_up()  # what a worker's first report would do lazily, done once for all of them

release_freed_memory()  # what reading the dictionaries freed (~25 MB): each worker would start with it

# Workers are forked from here: objects left in the collector's young generations would be scanned,
# and so written to, in every worker, copying the pages they share with this process.
resume_collector()
