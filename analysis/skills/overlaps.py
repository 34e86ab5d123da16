"""Overlapping hits: the longest wins ("Apache Spark" over "Spark", "Microsoft Excel" over
"Excel"); of two as long, the leftmost."""

from __future__ import annotations


def longest_first(hits: list) -> list:
    """Drop hits overlapping a longer one (ties: the leftmost); result ordered by start."""
    hits = sorted(hits)
    out: list = []
    append = out.append
    # The run so far: `first` alone (most runs are one hit), or `cluster` once another overlaps.
    first = hits[0]
    cluster = None
    cluster_end = first[1]
    for hit in hits[1:]:
        if hit[0] < cluster_end:
            if cluster is None:
                cluster = [first]
            cluster.append(hit)
            if hit[1] > cluster_end:
                cluster_end = hit[1]
        else:
            if cluster is None:
                append(first)
            else:
                out += _resolve(cluster)
                cluster = None
            first, cluster_end = hit, hit[1]
    if cluster is None:
        append(first)
        return out
    return out + _resolve(cluster)


def _resolve(cluster: list) -> list:
    """The non-overlapping choice within one run of overlapping hits, longest first."""
    if len(cluster) == 2:  # most runs: a name and a shorter name inside or across it
        a, b = cluster
        if a[1] >= b[1] or (a[0] != b[0] and a[1] - a[0] >= b[1] - b[0]):
            return [a]
        return [b]
    if len(cluster) == 1:
        return cluster
    by_length = sorted(cluster, key=lambda h: (h[0] - h[1], h[0]))
    longest = by_length[0]
    if longest[0] == cluster[0][0] and longest[1] == max(h[1] for h in cluster):
        return [longest]  # the usual case: "Microsoft Excel" covers "Excel"
    chosen: list = []
    for c in by_length:
        for k in chosen:
            if c[0] < k[1] and k[0] < c[1]:
                break
        else:
            chosen.append(c)
    return sorted(chosen)
