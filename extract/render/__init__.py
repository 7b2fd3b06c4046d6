"""Presentation only: rich tables for the terminal and the HTML report, of records, diffs, scores and run summaries
(the logic they show lives in :mod:`extract.review` and :mod:`extract.pipeline`)."""
