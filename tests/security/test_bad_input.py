"""Hostile example files and drafts: each is a located report, never a traceback or a hang.

Each case guards one defence (named in its id and comment):

- links, devices and pipes are refused by name, never followed or opened
  (``checks.sources._read_bounded`` and ``checks.verify._walk``);
- files over the size limit are refused after reading at most limit + 1 bytes
  (``EXAMPLE_LIMIT``, ``DRAFT_LIMIT``);
- YAML aliases, merge keys and deep nesting are refused while composing, and
  duplicate keys reported (``checks.yamlsafe``);
- every field is checked for type before use (``checks.fields``);
- file names must be slugs (``checks.examples.slug_problems``);
- undecodable, oversized or folder drafts are an ``error:`` line (``checks.cli``).

Each defence was removed by hand in turn and its cases failed (a wrong or missing
problem, a TypeError or RecursionError, or, for the bounded read, the test
process killed for memory), then the defence was restored.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx_site import build, copy_root, warning_lines

from checks import cli
from checks.catalogue import catalogue
from checks.cli import main
from checks.sources import DRAFT, DRAFT_LIMIT, EXAMPLE_LIMIT, read_source

GOOD_BODY = "Thanks for asking. The form is on our website.\n"


def post(fields: str = "", verdict: str = "good", body: str = GOOD_BODY) -> str:
    """An example: lines 2-6 are title, verdict, channel, capacity, why; ``fields`` from line 7."""
    return (
        f"---\ntitle: T\nverdict: {verdict}\nchannel: x\ncapacity: personal\nwhy: W\n"
        f"{fields}---\n{body}"
    )


def billion_laughs() -> str:
    """The classic alias bomb, nine levels deep: 9**9 strings from about 500 bytes."""
    levels = ["a: &a [" + ", ".join(["lol"] * 9) + "]\n"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n")
    return "".join(levels) + "allow:\n  - rule: political\n    reason: *i\n"


def write(relative: str, content: str) -> Callable[[Path], None]:
    def make(examples: Path) -> None:
        path = examples / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")

    return make


def link(relative: str, target: str) -> Callable[[Path], None]:
    """A symbolic link; a relative target is taken from the folder holding ``examples``."""

    def make(examples: Path) -> None:
        path = examples / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        outside = examples.parent / "outside"
        (outside / "credible").mkdir(parents=True, exist_ok=True)
        (outside / "secret.md").write_text(post(), encoding="utf-8")
        (outside / "credible" / "post.md").write_text(post(), encoding="utf-8")
        path.symlink_to(target if target.startswith("/") else examples.parent / target)

    return make


def fifo(relative: str) -> Callable[[Path], None]:
    def make(examples: Path) -> None:
        path = examples / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return make


def problem(path: str, line: int, message: str, kind: str, fix: str) -> list[str]:
    """The two lines ``--verify`` prints for a problem."""
    return [f"examples/{path}:{line}: {message}  [{kind}]", f"    fix: {fix}"]


LINK = "is a symbolic link, and links are never followed"
LINK_FIX = "replace the link with the file itself"
NOT_SLUG = "is not a slug: use lower-case letters and digits, in words joined by single hyphens"
NOT_RULE_ID = (
    "write the rule id alone, such as 'political' (run 'nox -s check -- --rules' to list them)"
)

# (case, how to make it under examples/, the exact problem lines of --verify)
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    # Links and special files: never followed, never opened.
    (
        "link-to-dev-zero",
        link("credible/zero.md", "/dev/zero"),
        problem("credible/zero.md", 1, LINK, "symlink", LINK_FIX),
    ),
    (
        "dangling-link",
        link("credible/gone.md", "nowhere.md"),
        problem("credible/gone.md", 1, LINK, "symlink", LINK_FIX),
    ),
    (
        "link-to-a-file-outside",
        link("credible/leak.md", "outside/secret.md"),
        problem("credible/leak.md", 1, LINK, "symlink", LINK_FIX),
    ),
    (
        "link-to-a-folder-as-example",
        link("credible/etc.md", "/etc"),
        problem("credible/etc.md", 1, LINK, "symlink", LINK_FIX),
    ),
    (
        "linked-principle-folder",
        link("consistent", "outside"),
        problem(
            "consistent",
            1,
            "is a symbolic link to a folder, and links are never followed",
            "symlink",
            "replace the link with the folder itself",
        ),
    ),
    (
        "pipe-as-example",
        fifo("credible/pipe.md"),
        problem(
            "credible/pipe.md",
            1,
            "is a device, pipe or socket, not an ordinary file",
            "not-a-file",
            "replace it with an ordinary text file",
        ),
    ),
    (
        "pipe-elsewhere",
        fifo("stray-pipe"),
        problem(
            "stray-pipe",
            1,
            "is a device, pipe or socket, not an ordinary file",
            "not-a-file",
            "remove it: only example files belong here",
        ),
    ),
    # Size: refused before reading more than the limit.
    (
        "five-megabytes",
        write("credible/huge.md", post(body="Hello there. " * 400_000)),
        problem(
            "credible/huge.md",
            1,
            "is larger than 64 KB, the limit for an example file",
            "too-large",
            "shorten the file: an example shows one post, far shorter than this",
        ),
    ),
    # YAML: refused while composing, before anything is built.
    (
        "billion-laughs",
        write("credible/laughs.md", post(billion_laughs())),
        problem(
            "credible/laughs.md",
            8,
            "YAML aliases (*a) are not allowed",
            "yaml-alias",
            "write the value out in full where '*a' stands",
        ),
    ),
    (
        "merge-key",
        write("credible/merged.md", post("<<: {verdict: bad}\n")),
        problem(
            "credible/merged.md",
            7,
            "YAML merge keys (<<) are not allowed",
            "yaml-alias",
            "write the fields out in full",
        ),
    ),
    (
        "deep-nesting",
        write("credible/deep.md", post("breaks: " + "[" * 5000 + "]" * 5000 + "\n")),
        problem(
            "credible/deep.md",
            7,
            "front matter is nested more than 16 levels deep",
            "front-matter",
            "write each field as text, a list of text, or a list of 'rule'/'reason' entries",
        ),
    ),
    (
        "huge-number",
        write("credible/number.md", post("near_miss: " + "9" * 5000 + "\n")),
        problem(
            "credible/number.md",
            7,
            "front matter value cannot be read: Exceeds the limit (4300 digits) "
            "for integer string conversion: value has 5000 digits",
            "front-matter",
            "write the value as plain text, a list of text, or 'field: value' lines",
        ),
    ),
    (
        "duplicate-verdict",
        write("credible/two-verdicts.md", post("verdict: bad\nbreaks: []\n")),
        problem(
            "credible/two-verdicts.md",
            7,
            "'verdict' is given twice (first on line 3): readers would see one value, "
            "the site the other",
            "duplicate-key",
            "keep one 'verdict:' and delete the other",
        ),
    ),
    (
        "duplicate-why",
        write("credible/two-whys.md", post("why: Shown on the site, not to the reviewer.\n")),
        problem(
            "credible/two-whys.md",
            7,
            "'why' is given twice (first on line 6): readers would see one value, "
            "the site the other",
            "duplicate-key",
            "keep one 'why:' and delete the other",
        ),
    ),
    (
        "duplicate-key-in-allow",
        write(
            "credible/two-rules.md",
            post("allow:\n  - rule: personal-details\n    rule: political\n    reason: R\n"),
        ),
        problem(
            "credible/two-rules.md",
            9,
            "'rule' is given twice (first on line 8): readers would see one value, "
            "the site the other",
            "duplicate-key",
            "keep one 'rule:' and delete the other",
        ),
    ),
    # Types: checked before use, so nothing unhashable reaches a set or the catalogue.
    (
        "list-in-breaks",
        write("credible/nested-breaks.md", post("breaks: [[political]]\n", verdict="bad")),
        problem(
            "credible/nested-breaks.md",
            7,
            "a rule id in 'breaks' must be text, not a list",
            "invalid-field",
            NOT_RULE_ID,
        ),
    ),
    (
        "mapping-in-near-miss",
        write("credible/nested-near-miss.md", post("near_miss:\n  - political\n  - {a: b}\n")),
        problem(
            "credible/nested-near-miss.md",
            9,
            "a rule id in 'near_miss' must be text, not a set of 'key: value' lines",
            "invalid-field",
            NOT_RULE_ID,
        ),
    ),
    (
        "list-as-allowed-rule",
        write("credible/nested-allow.md", post("allow: [{rule: [x], reason: R}]\n")),
        problem(
            "credible/nested-allow.md",
            7,
            "a rule id in 'allow' must be text, not a list",
            "invalid-field",
            NOT_RULE_ID,
        ),
    ),
    (
        "list-as-allow-reason",
        write(
            "credible/list-reason.md",
            post("allow:\n  - rule: personal-details\n    reason: [not, text]\n"),
        ),
        problem(
            "credible/list-reason.md",
            9,
            "the 'reason' of an 'allow' entry must be text, not a list",
            "invalid-field",
            "write, as plain text, why this finding is accepted",
        ),
    ),
    # Slugs: a file name becomes HTML ids and links.
    (
        "space-in-slug",
        write("credible/Bad Name.md", post()),
        problem(
            "credible/Bad Name.md",
            1,
            f"'Bad Name' {NOT_SLUG}",
            "bad-slug",
            "rename the file to bad-name.md",
        ),
    ),
    (
        "underscore-in-slug",
        write("credible/x_y.md", post()),
        problem("credible/x_y.md", 1, f"'x_y' {NOT_SLUG}", "bad-slug", "rename the file to x-y.md"),
    ),
    (
        "capitals-in-slug",
        write("credible/UPPER.md", post()),
        problem(
            "credible/UPPER.md", 1, f"'UPPER' {NOT_SLUG}", "bad-slug", "rename the file to upper.md"
        ),
    ),
    (
        "double-hyphen-in-slug",
        write("credible/x--y.md", post()),
        problem(
            "credible/x--y.md", 1, f"'x--y' {NOT_SLUG}", "bad-slug", "rename the file to x-y.md"
        ),
    ),
]

SECONDS = 1.0  # each case takes milliseconds; reading 5 MB or expanding the bomb would not
PEAK_BYTES = 4 * 1024 * 1024  # well below the 5 MB file or any expansion of the bomb


@pytest.fixture(autouse=True)
def rules_already_read() -> None:
    """Read the rule catalogue before a case is timed: its start-up is not what is measured.

    Under tracemalloc, reading every rule file takes about a second on a busy machine, and
    only the first case of a run would pay it.
    """
    catalogue()


def verify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """``python -m checks --verify examples`` from ``tmp_path``: exit status and output lines."""
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    status = main(["--verify", "examples"], stdout=out)
    return status, out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("make", "expected"), [pytest.param(make, lines, id=case) for case, make, lines in CASES]
)
def test_each_hostile_example_is_one_located_problem(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], None],
    expected: list[str],
) -> None:
    make(tmp_path / "examples")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        status, lines = verify(tmp_path, monkeypatch)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (status, lines[:-1]) == (2, expected)
    assert lines[-1].endswith(f"; {len(expected) // 2} problem(s).")
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)


def test_every_bad_file_is_reported_with_a_valid_examples_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = tmp_path / "examples"
    for _, make, _ in CASES:
        make(examples)
    write("credible/phone.md", post(body="Text me on 07700 900461.\n"))(examples)
    write("credible/fine.md", post())(examples)
    status, lines = verify(tmp_path, monkeypatch)
    mismatch = problem(
        "credible/phone.md",
        8,
        "stated good but checks found [personal-details]: personal-details matched "
        '"07700 900461" at line 8',
        "mismatch",
        "if the checks are right, make the example bad and list the rules in 'breaks'; if "
        "they are wrong, reword the post, or record the false alarm in 'checks_wrong' (rule, "
        "kind: false-alarm, reason); for an exception the guidance itself makes, add an "
        "'allow' entry with the reason",
    )
    blocks = [expected for _, _, expected in CASES] + [mismatch]
    # Problems are printed in (file, line) order: each block whole, all of them, nothing else.
    assert sorted(lines[:-1]) == sorted(line for block in blocks for line in block)
    for block in blocks:
        start = lines.index(block[0])
        assert lines[start : start + len(block)] == block
    assert status == 2
    assert lines[-1] == (
        f"examples: 2 examples judged (2 good, 0 bad); 1 agree with the checks; "
        f"{sum(len(b) for b in blocks) // 2} problem(s)."
    )


def test_a_linked_examples_folder_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("credible/post.md", post())(tmp_path / "real")
    (tmp_path / "examples").symlink_to(tmp_path / "real")
    status, lines = verify(tmp_path, monkeypatch)
    assert (status, lines[:-1]) == (
        2,
        [
            "examples:1: is a symbolic link to a folder, and links are never followed  [symlink]",
            "    fix: replace the link with the folder itself",
        ],
    )


@pytest.mark.parametrize(
    ("size", "read"), [(EXAMPLE_LIMIT, True), (EXAMPLE_LIMIT + 1, False)], ids=["at", "over"]
)
def test_the_example_limit_is_exact(tmp_path: Path, size: int, read: bool) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * size)
    text, problems = read_source(path, "x.md")
    assert (text is not None, len(problems)) == (read, 0 if read else 1)


# Drafts on the command line: (case, argv with {tmp} for the folder, standard input,
# the exact error line, with {tmp}).
DRAFTS = [
    (
        "undecodable-stdin",
        ["-"],
        b"\xff",
        "-:1: error: is not UTF-8 text (byte 0 cannot be decoded) (fix: save the file as UTF-8)",
    ),
    (
        "undecodable-stdin-line-3",
        ["-"],
        b"one\ntwo\nthr\xc3(e\n",
        "-:3: error: is not UTF-8 text (byte 11 cannot be decoded) (fix: save the file as UTF-8)",
    ),
    (
        "stdin-over-the-limit",
        ["-"],
        b"a" * (DRAFT_LIMIT + 1),
        "-:1: error: is larger than 2 MB, the limit for a draft "
        "(fix: check a shorter draft, or split it into parts)",
    ),
    (
        "undecodable-file",
        ["{tmp}/latin-1.txt"],
        b"",
        "{tmp}/latin-1.txt:2: error: is not UTF-8 text (byte 10 cannot be decoded) "
        "(fix: save the file as UTF-8)",
    ),
    (
        "folder",
        ["{tmp}"],
        b"",
        "{tmp}:1: error: is a folder, not a file (fix: give the path of a draft)",
    ),
    (
        "dev-zero",
        ["/dev/zero"],
        b"",
        "/dev/zero:1: error: is larger than 2 MB, the limit for a draft "
        "(fix: check a shorter draft, or split it into parts)",
    ),
    (
        "missing",
        ["{tmp}/missing.txt"],
        b"",
        "{tmp}/missing.txt:1: error: cannot be read: No such file or directory "
        "(fix: check the file exists and is readable)",
    ),
]


@pytest.mark.parametrize(
    ("argv", "stdin", "error"), [pytest.param(*case[1:], id=case[0]) for case in DRAFTS]
)
def test_a_bad_draft_is_an_error_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: bytes,
    error: str,
) -> None:
    (tmp_path / "latin-1.txt").write_bytes("Hello,\ncaf\u00e9\n".encode("latin-1"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    out = io.StringIO()
    started = time.perf_counter()
    status = main([arg.format(tmp=tmp_path) for arg in argv], stdout=out)
    assert time.perf_counter() - started < SECONDS
    assert (status, out.getvalue()) == (2, "")
    assert capsys.readouterr().err.splitlines() == [error.format(tmp=tmp_path)]


def test_a_one_megabyte_draft_is_judged_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft limit leaves room for long drafts: 1 MB reaches the engine in full."""
    judged: list[str] = []

    def check_text(text: str, **options: object) -> list[object]:
        judged.append(text)
        return []

    monkeypatch.setattr(cli, "check_text", check_text)
    draft = tmp_path / "long.txt"
    draft.write_text("Thanks for asking. " * 55_000, encoding="utf-8")  # 1,045,000 bytes
    assert main([str(draft)], stdout=io.StringIO()) == 0
    assert [len(text) for text in judged] == [len("Thanks for asking. " * 55_000) - 1]
    text, problems = read_source(draft, "long.txt", limit=DRAFT_LIMIT, what=DRAFT)
    assert text is not None and not problems


SITE_CASES = {
    "link-to-dev-zero",
    "link-to-a-file-outside",
    "billion-laughs",
    "duplicate-why",
    "list-in-breaks",
    "mapping-in-near-miss",
    "list-as-allowed-rule",
    "space-in-slug",
}


@pytest.fixture(scope="module")
def site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """The problems root with hostile examples added: the build warns and fails, no crash."""
    base = tmp_path_factory.mktemp("hostile-site")
    srcdir = copy_root(rootdir, "problems", base)
    examples = srcdir / "examples"
    for case, make, _ in CASES:
        if case in SITE_CASES:
            make(examples)
    # The files the links point at are beside the examples, not pages of the site.
    return build(srcdir, base / "out", exclude_patterns=["_build", "examples", "outside"])


def as_warning(lines: list[str]) -> str:
    """The Sphinx warning for the first problem of some ``--verify`` lines."""
    match = re.fullmatch(r"(\S.*?:\d+): (.*)  \[(.*)\]", lines[0])
    assert match is not None
    location, message, kind = match.groups()
    fix = lines[1].removeprefix("    fix: ")
    return f"{location}: WARNING: {message} (fix: {fix}) [checks.{kind}]"


@pytest.mark.parametrize("case", sorted(SITE_CASES))
def test_the_site_build_warns_at_each_hostile_file(site: SphinxTestApp, case: str) -> None:
    expected = next(lines for name, _, lines in CASES if name == case)
    warnings = warning_lines(site)
    assert as_warning(expected) in warnings
    assert site.statuscode == 1
    assert "Traceback" not in site.warning.getvalue()
    assert "Extension error" not in site.warning.getvalue()
