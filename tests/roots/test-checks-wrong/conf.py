# Examples that record where the checks are wrong (checks_wrong): the build passes,
# the cards tell readers, and the editors' list gathers every record.
extensions = ["myst_parser", "sphinx_design", "checks"]
exclude_patterns = ["_build", "examples"]
checks_today = "2026-01-01"
