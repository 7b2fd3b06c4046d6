"""Drivers of the extract stage: in this process (local) or on Ray Data (ray); same chunks in, same results out."""
