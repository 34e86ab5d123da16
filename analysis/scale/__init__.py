"""Market studies past one workspace: the skill extractor over a whole market's postings.

study         the shared part: input columns, the batch function both engines run, the
              output layout (Parquet + study.json) and its manifest
local_engine  one machine: DuckDB streams the input, a process pool runs the batch function
spark_job     a cluster: the same batch function inside Spark's mapInPandas
attach        a workspace reads a study's Parquet in place (views, no copy)
cli           `python -m analysis market-study --engine local|spark INPUT --out DIR`
"""
