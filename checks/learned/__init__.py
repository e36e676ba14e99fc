"""A learned part for the rules of meaning: a linear model over words, in pure Python.

Patterns are exact and explainable where a rule has clear words (a phone number, a
marking); the rules of meaning (a hint of a leak, an insider who does not say so) are
phrased too many ways for patterns alone. This package scores a post for such a rule
with weights trained by ``tools/train.py`` from the labelled posts in the repository,
shipped as data in ``checks/data/learned.json``. Where the patterns find nothing, a score at
or above the rule's threshold adds a finding; where they do find something, a score below
the rule's veto sets it aside. Scores are rounded before they meet a threshold or a veto,
so CPython and Pyodide decide alike.
"""
