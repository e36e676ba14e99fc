# Every kind of example problem, all in one build: the build must report each
# at its file and line, and fail only once it has reported them all.
extensions = ["myst_parser", "sphinx_design", "checks"]
exclude_patterns = ["_build", "examples"]
checks_today = "2026-01-01"
