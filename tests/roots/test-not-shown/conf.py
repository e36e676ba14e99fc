# A site that shows only the credible examples: the consistent one is shown nowhere.
extensions = ["myst_parser", "checks"]
exclude_patterns = ["_build", "examples"]
checks_today = "2026-01-01"
