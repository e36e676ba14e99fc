# Pages past their review date, on a fixed "today": the build warns and shows a notice.
extensions = ["myst_parser", "checks"]
exclude_patterns = ["_build"]
checks_today = "2026-06-01"
