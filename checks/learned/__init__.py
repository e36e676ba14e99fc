"""A learned part for the rules of meaning: a linear model over words, in pure Python.

Patterns are exact and explainable where a rule has clear words (a phone number, a
marking); the rules of meaning (a hint of a leak, an insider who does not say so) are
phrased too many ways for patterns alone. This package scores a post for such a rule
with weights trained by ``tools/train.py`` from the labelled posts in the repository,
shipped as data in ``checks/data/learned.json``. Scores are rounded before they meet a
threshold, so CPython and Pyodide decide alike.
"""
