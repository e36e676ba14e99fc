# A page whose directives name examples, principles and rules that do not exist.
extensions = ["myst_parser", "checks"]
exclude_patterns = ["_build", "examples"]
language = "en_GB"
checks_today = "2026-01-01"
checks_commit = "abc1234"
