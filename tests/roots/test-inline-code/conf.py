# A page that carries inline code through raw HTML, beside a clean one, in the site's
# theme: the build must name the hostile page and each piece of code, and nothing else.
extensions = ["myst_parser", "checks"]
exclude_patterns = ["_build", "examples"]
language = "en_GB"
html_theme = "furo"
checks_today = "2026-01-01"
checks_commit = "abc1234"
