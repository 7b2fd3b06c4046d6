"""Grounding: the model's answers tied to exact characters of the document, checked, repaired, and completed by
rules that read fixed sentence shapes."""
