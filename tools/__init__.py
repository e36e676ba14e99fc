"""The project's tools, run from the project's folder as modules.

``python -m tools.publish``, ``python -m tools.csp`` and ``python -m tools.new_example``:
run this way, each imports the same ``checks`` package as the commands it starts.
"""
