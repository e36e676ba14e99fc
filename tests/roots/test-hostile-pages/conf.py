# Pages that try to read files outside the repository (the test puts secret.txt
# beside this folder, and a link inside it that points out).
extensions = ["myst_parser", "sphinx_design", "checks"]
exclude_patterns = ["_build", "examples"]
language = "en_GB"
checks_today = "2026-01-01"
checks_commit = "abc1234"
