# Example files whose 'why' tries to put markup, script, style or a file of the
# build machine into the site. None of it may reach a page.
extensions = ["myst_parser", "sphinx_design", "checks"]
exclude_patterns = ["_build", "examples"]
language = "en_GB"
checks_today = "2026-01-01"
checks_commit = "abc1234"
