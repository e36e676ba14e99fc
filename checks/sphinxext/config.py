"""The ``checks_*`` configuration values, each with its default and help text."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from checks.paths import EXAMPLES_DIR
from checks.provenance import git_commit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Setting:
    """One configuration value: ``rebuild`` says what must be redone when it changes."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    help: str


SETTINGS = (
    Setting(
        "checks_examples_dir",
        EXAMPLES_DIR,
        "env",
        (str,),
        "The folder of example files, relative to the folder that holds conf.py.",
    ),
    Setting(
        "checks_verify",
        True,
        "env",
        (bool,),
        "Run the checks on every example. False shows the examples unjudged, with no "
        "finding and no problem: only for measuring the checks' share of a build.",
    ),
    Setting(
        "checks_fail_on_mismatch",
        True,
        "",
        (bool,),
        "Fail the build when an example has a problem, even without -W. "
        "nox -s docs-live sets it to False (-D checks_fail_on_mismatch=0) to only warn "
        "while you draft: never change it in conf.py.",
    ),
    # Not "env": the review notices follow the date through their own outdated check.
    Setting(
        "checks_today",
        "",
        "",
        (str,),
        "Today's date as YYYY-MM-DD, for review dates and the build date. "
        "Empty means the real date; tests set it so their results never change.",
    ),
    Setting(
        "checks_commit",
        "",
        "",
        (str,),
        "The commit the About page names. Empty means ask git, or say 'unknown'.",
    ),
    Setting(
        "checks_pyodide_dir",
        "node_modules/pyodide",
        "",
        (str,),
        "The npm package pyodide (npm ci installs it), relative to the folder that holds "
        "conf.py. The 'Check a draft' page runs the checks with it in the reader's browser.",
    ),
)


class SettingsDirective(SphinxDirective):
    """``{checks-settings}``: every ``checks_*`` value with its default and what it does."""

    def run(self) -> list[nodes.Node]:
        result = nodes.definition_list(classes=["checks-settings"])
        for setting in SETTINGS:
            term = nodes.term("", "", nodes.literal(setting.name, setting.name))
            default = (
                f'"{setting.default}"'
                if isinstance(setting.default, str)
                else repr(setting.default)
            )
            text = nodes.paragraph(
                "", f"{setting.help} Default: ", nodes.literal(default, default), nodes.Text(".")
            )
            result += nodes.definition_list_item("", term, nodes.definition("", text))
        return [result]


def setup_config(app: Sphinx) -> None:
    app.add_directive("checks-settings", SettingsDirective)
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,  # type: ignore[arg-type]
            types=setting.types,
            description=setting.help,
        )
    app.connect("config-inited", _check_today)


def _check_today(app: Sphinx, config: Config) -> None:
    if config.checks_today:
        try:
            datetime.date.fromisoformat(config.checks_today)
        except ValueError as error:
            raise ConfigError(
                f"checks_today must be a date as YYYY-MM-DD, not {config.checks_today!r}"
            ) from error


def today(config: Config) -> datetime.date:
    """The date the build takes as today."""
    if config.checks_today:
        return datetime.date.fromisoformat(config.checks_today)
    return datetime.date.today()


def examples_dir(app: Sphinx) -> Path:
    return (Path(app.confdir) / str(app.config.checks_examples_dir)).resolve()


def commit(config: Config, confdir: str | os.PathLike[str]) -> str:
    """The short commit the site is built from, or 'unknown' outside a git checkout."""
    return config.checks_commit or git_commit(str(confdir))
