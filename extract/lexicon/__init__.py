"""The bottom layer: what the code knows about language, as data and pure functions (scripts, sentences, names,
organisations, dates, degrees, cue words). It imports nothing of the pipeline."""
