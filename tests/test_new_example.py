"""tools.new_example, behind ``nox -s new-example``, and the template it copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.catalogue import PRINCIPLES
from checks.problems import ProblemKind
from checks.verify import verify_folder
from tools import new_example
from tools.new_example import RefusedError

REPO = Path(__file__).resolve().parent.parent

TEMPLATE = REPO / "examples" / "_template.md"


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """An examples folder holding the template and one existing example."""
    folder = tmp_path / "examples"
    (folder / "credible").mkdir(parents=True)
    shutil.copy(TEMPLATE, folder / "_template.md")
    shutil.copy(TEMPLATE, folder / "credible" / "sharing-a-job-advert.md")
    return folder


def test_copies_the_template(examples: Path) -> None:
    made = new_example.new_example("civil-servant", "naming-your-team", examples)
    assert made == examples / "civil-servant" / "naming-your-team.md"
    assert made.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8")


def test_main_says_what_to_do_next(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_example.main(["responsive", "thanking-a-reader"], examples) == 0
    assert "nox -s check -- examples/responsive/thanking-a-reader.md" in capsys.readouterr().out


def test_main_uses_the_folder_conf_py_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The examples folder comes from conf.py's checks_examples_dir, as the site reads it."""
    (tmp_path / "conf.py").write_text('checks_examples_dir = "posts"\n', encoding="utf-8")
    (tmp_path / "posts").mkdir()
    shutil.copy(TEMPLATE, tmp_path / "posts" / "_template.md")
    monkeypatch.setattr(new_example, "ROOT", tmp_path)
    assert new_example.main(["credible", "a-new-post"]) == 0
    assert (tmp_path / "posts" / "credible" / "a-new-post.md").is_file()
    assert "nox -s verify" in capsys.readouterr().out


# -- What it refuses ----------------------------------------------------------------


@pytest.mark.parametrize("principle", ["Credible", "be-credible", "civil_servant", "code", ""])
def test_refuses_unknown_principles(examples: Path, principle: str) -> None:
    with pytest.raises(RefusedError, match="is not a principle"):
        new_example.new_example(principle, "a-post", examples)


@pytest.mark.parametrize(
    "slug",
    ["Sharing", "sharing_a_post", "sharing a post", "-sharing", "sharing-", "a--b", "post.md", ""],
)
def test_refuses_bad_slugs(examples: Path, slug: str) -> None:
    with pytest.raises(RefusedError, match="is not a slug"):
        new_example.new_example("credible", slug, examples)


@pytest.mark.parametrize("slug", ["a", "five-a-side", "pre-2008-guidance"])
def test_accepts_good_slugs(examples: Path, slug: str) -> None:
    assert new_example.new_example("consistent", slug, examples).is_file()


def test_refuses_a_slug_used_under_another_principle(examples: Path) -> None:
    with pytest.raises(RefusedError, match="already used by examples/credible/sharing"):
        new_example.new_example("civil-servant", "sharing-a-job-advert", examples)
    assert not (examples / "civil-servant").exists()


def test_main_refuses_with_status_1(examples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_example.main(["credible", "sharing-a-job-advert"], examples) == 1
    assert "error: the slug 'sharing-a-job-advert' is already used" in capsys.readouterr().err


def test_main_usage_error(examples: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        new_example.main(["credible"], examples)
    assert stopped.value.code == 2


# -- The template ---------------------------------------------------------------------


def test_principles_match_the_checks() -> None:
    assert tuple(PRINCIPLES) == new_example.PRINCIPLES


def test_the_template_is_a_valid_example_and_is_skipped_as_a_template(examples: Path) -> None:
    # Beside the template, an unedited copy is refused for its placeholder text alone.
    report = verify_folder(examples)
    assert {problem.kind for problem in report.problems} == {ProblemKind.PLACEHOLDER}
    assert report.templates == [str(examples / "_template.md")]
    # With nothing to compare it with, it is a valid example, and agrees with the checks.
    (examples / "_template.md").unlink()
    report = verify_folder(examples)
    assert report.problems == []
    assert len(report.judgements) == 1
