"""Grounding (stage 4): the model's answers tied to exact characters of the document (align), given to the right
person (attribute), repaired where their own sentence settles it (repairs), and completed by rules that read fixed
sentence shapes (rules/). It reads the lexicon and the models, nothing downstream."""
