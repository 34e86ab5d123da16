"""What the Market page would otherwise work out on first opening, done once after an import.

`refresh_precomputed` runs after every extraction that callers make visible to the dashboard
(demo generation, dashboard imports, adding a skill to the taxonomy, the benchmarks):

- role clusters: k-means fitted on a bounded sample and every posting assigned, stored in
  posting_clusters (demand_clusters.assign_clusters), when not fitted on the current data;
- the whole workspace's emerging terms, and the words of the postings they are read from (for
  filtered views), kept in workspace_meta (demand_terms).

Each step is skipped while its stored result still describes the data, so calling it again is
cheap. Filtered views are still computed on demand, from bounded samples.
"""

from __future__ import annotations

from analysis.demand_clusters import assign_clusters, clusters_current
from analysis.demand_terms import store_emerging_terms
from analysis.skills.sync import Progress
from analysis.store import Connection

CLUSTERS_K = 8  # the dashboard's role clusters: k and seed (ui/cached.py reads the same)
CLUSTERS_SEED = 0


def refresh_precomputed(con: Connection, progress: Progress | None = None) -> None:
    """Fit the role clusters and store the emerging terms when they are out of date.
    `progress(done, total)` follows the cluster assignment of the postings."""
    if not clusters_current(con, CLUSTERS_K, CLUSTERS_SEED):
        assign_clusters(con, CLUSTERS_K, CLUSTERS_SEED, progress=progress)
    store_emerging_terms(con)
