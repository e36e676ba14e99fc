# A small site with valid examples: it must build with no warning at all.
extensions = ["myst_parser", "sphinx_design", "checks"]
exclude_patterns = ["_build", "examples"]
language = "en_GB"
checks_today = "2026-01-01"
checks_commit = "abc1234"
