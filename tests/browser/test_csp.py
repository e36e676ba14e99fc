"""tools/csp.py and the nginx configuration: the policy comes from an allow-list, not the pages.

These need no browser; test_fixture_site.py shows that browsers agree with the hashes.
The policy is built from allow-list entries (here the fixture's, in
``fixtures/csp-allowlist.yaml``); a site whose pages carry other inline code is refused.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import ModuleType

import pytest
from nginx import Mount, render_config

from checks.inline_code import Allowed, Kind, allowed_for, inline_code

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_LIST = FIXTURES / "csp-allowlist.yaml"


def expected_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def entry(kind: Kind, text: str) -> Allowed:
    return Allowed(kind, expected_hash(text)[8:-1], "a test")


def write_page(folder: Path, body: str, name: str = "index.html") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / name
    page.write_text(f"<!DOCTYPE html><html><head></head><body>{body}</body></html>", "utf-8")
    return folder


def fixture_entries() -> tuple[Allowed, ...]:
    return allowed_for("fixture", FIXTURE_LIST)


# -- What goes into the policy: the allow-list, never the pages ---------------------------


def test_an_empty_allowlist_gives_default_src_self_alone(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    site = write_page(tmp_path, '<p>Plain.</p><script src="app.js"></script>')
    assert csp_tool.csp_for(site, ()) == "default-src 'self'"


def test_each_listed_script_is_allowed_by_its_hash_once(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    listed = [entry(Kind.SCRIPT, "two()"), entry(Kind.SCRIPT, "one()"), entry(Kind.SCRIPT, "one()")]
    hashes = sorted([expected_hash("one()"), expected_hash("two()")])
    policy = f"default-src 'self'; script-src 'self' {' '.join(hashes)}"
    assert csp_tool.csp_for(write_page(tmp_path, ""), listed) == policy


@pytest.mark.parametrize(
    "body",
    [
        "<script>injected()</script>",
        '<script type="module">injected()</script>',
        "<style>p{display:none}</style>",
        '<p style="display:none">x</p>',
        '<img src="x.png" alt="" onerror="injected()">',
        '<img src="data:image/png;base64,AAAA" alt="">',
    ],
)
def test_what_a_page_contains_never_changes_the_policy(
    csp_tool: ModuleType, tmp_path: Path, body: str
) -> None:
    listed = [entry(Kind.SCRIPT, "one()")]
    before = csp_tool.csp_for(write_page(tmp_path, "<script>one()</script>"), listed)
    write_page(tmp_path, body, "injected.html")
    assert csp_tool.csp_for(tmp_path, listed) == before
    assert before == f"default-src 'self'; script-src 'self' {expected_hash('one()')}"


def test_listed_styles_and_style_attributes_are_allowed_by_their_hashes(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    listed = [
        entry(Kind.STYLE, "p{color:red}"),
        entry(Kind.STYLE_ATTRIBUTE, "display: none;"),
        entry(Kind.STYLE_ATTRIBUTE, "a & b"),
    ]
    style = csp_tool.csp_for(write_page(tmp_path, ""), listed).split("; ")[1]
    attributes = sorted([expected_hash("display: none;"), expected_hash("a & b")])
    assert style == (
        f"style-src 'self' {expected_hash('p{color:red}')} 'unsafe-hashes' {' '.join(attributes)}"
    )


def test_the_site_policy_is_the_site_themes_allowlist(csp_tool: ModuleType, tmp_path: Path) -> None:
    furo = allowed_for(csp_tool.SITE_THEME)
    assert csp_tool.csp_for(write_page(tmp_path, "<script>x()</script>")) == csp_tool.csp_for(
        tmp_path, furo
    )
    assert all(f"'sha256-{e.sha256}'" in csp_tool.csp_for(tmp_path) for e in furo)


def test_data_images_are_allowed_only_when_a_static_stylesheet_uses_them(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    write_page(tmp_path, '<p><img src="data:image/png;base64,AAAA" alt=""></p>')
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "a.css").write_text("p { background: url(a.png) }", "utf-8")
    # A stylesheet outside _static/ (a page's download, say) is not the theme's.
    (tmp_path / "b.css").write_text("p { mask-image: url('data:image/svg+xml,<svg/>') }", "utf-8")
    assert "img-src" not in csp_tool.csp_for(tmp_path, ())
    (tmp_path / "_static" / "a.css").write_text("p { mask: url( data:image/svg+xml,x) }", "utf-8")
    assert csp_tool.csp_for(tmp_path, ()).endswith("; img-src 'self' data:")


def test_the_good_fixture_policy(csp_tool: ModuleType) -> None:
    scripts = sorted(
        [
            expected_hash('\n  document.body.dataset.theme = "light";\n'),
            # page.html writes this one with CRLF; the browser hashes it with LF.
            expected_hash('\n  document.documentElement.dataset.lineEndings = "crlf";\n'),
        ]
    )
    style = "\n  body { --accent: #1d70b8; }\n"
    attribute = "color: #0b0c0c;"
    assert csp_tool.csp_for(FIXTURES / "good", fixture_entries()) == (
        "default-src 'self'; "
        f"script-src 'self' {' '.join(scripts)}; "
        f"style-src 'self' {expected_hash(style)} 'unsafe-hashes' {expected_hash(attribute)}; "
        "img-src 'self' data:"
    )


def test_the_fixture_allowlist_is_the_good_sites_inline_code(csp_tool: ModuleType) -> None:
    pages = sorted((FIXTURES / "good").glob("*.html"))
    found = {(s.kind, s.sha256) for p in pages for s in inline_code(p.read_text("utf-8"))}
    assert found == {(e.kind, e.sha256) for e in fixture_entries()}
    assert b"\r\n" in (FIXTURES / "good" / "page.html").read_bytes()  # kept by git as written
    csp_tool.refuse_unexpected(FIXTURES / "good", fixture_entries())


# -- Inline code not on the list is refused ------------------------------------------------


def test_the_hash_is_of_the_script_text_as_written(csp_tool: ModuleType, tmp_path: Path) -> None:
    # Entities are not decoded inside a script, and CRLF reaches the browser as LF.
    write_page(tmp_path, "<script>\r\n  a &amp;&amp; b();\r\n</script>")
    listed = [entry(Kind.SCRIPT, "\n  a &amp;&amp; b();\n")]
    csp_tool.refuse_unexpected(tmp_path, listed)
    with pytest.raises(csp_tool.InlineCodeError):
        csp_tool.refuse_unexpected(tmp_path, [entry(Kind.SCRIPT, "\n  a && b();\n")])


def test_a_style_attribute_is_hashed_decoded(csp_tool: ModuleType, tmp_path: Path) -> None:
    write_page(tmp_path, '<p style="a &amp; b"></p>')
    csp_tool.refuse_unexpected(tmp_path, [entry(Kind.STYLE_ATTRIBUTE, "a & b")])


@pytest.mark.parametrize("kind", ["application/json", "application/ld+json", "text/x-template"])
def test_scripts_that_do_not_run_are_inline_code_too(
    csp_tool: ModuleType, tmp_path: Path, kind: str
) -> None:
    # Not left out by type: a data block is one attribute away from running.
    write_page(tmp_path, f'<script type="{kind}">{{"a": 1}}</script>')
    assert csp_tool.csp_for(tmp_path, ()) == "default-src 'self'"
    with pytest.raises(csp_tool.InlineCodeError, match=r"index\.html: <script> on line 1: "):
        csp_tool.refuse_unexpected(tmp_path, ())
    csp_tool.refuse_unexpected(tmp_path, [entry(Kind.SCRIPT, '{"a": 1}')])


def test_a_module_script_is_allowed_by_its_hash(csp_tool: ModuleType, tmp_path: Path) -> None:
    write_page(tmp_path, '<script type="module">go()</script>')
    listed = [entry(Kind.SCRIPT, "go()")]
    assert expected_hash("go()") in csp_tool.write_csp(tmp_path, listed)


def test_the_bad_fixture_pages_are_refused_and_get_the_same_policy(csp_tool: ModuleType) -> None:
    with pytest.raises(csp_tool.InlineCodeError) as refused:
        csp_tool.refuse_unexpected(FIXTURES / "bad", fixture_entries())
    assert "\n  unhashed-script.html: <script> on line 12: " in str(refused.value)
    good = csp_tool.csp_for(FIXTURES / "good", fixture_entries())
    assert csp_tool.csp_for(FIXTURES / "bad", fixture_entries()) == good


# -- Writing it -----------------------------------------------------------------------


def test_main_writes_the_policy_beside_the_site(
    csp_tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_page(tmp_path, "<p>Nothing inline.</p>")
    assert csp_tool.main([str(tmp_path)]) == 0
    policy = csp_tool.csp_for(tmp_path)
    assert (tmp_path / "_csp.txt").read_text("utf-8") == policy + "\n"
    assert capsys.readouterr().out == policy + "\n"


def test_main_refuses_unexpected_inline_code_and_writes_nothing(
    csp_tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_page(tmp_path, "<script>x()</script>", "a.html")
    assert csp_tool.main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"csp: error: {tmp_path} has inline code that is not on the allow-list "
        "(checks/data/csp-allowlist.yaml), which the policy would refuse:\n"
        "  a.html: <script> on line 1: 'x()'\n"
        "fix: remove it from the pages, or move the project's own scripts and styles into "
        "files in checks/sphinxext/static/; no policy was written\n"
    )
    assert not (tmp_path / "_csp.txt").exists()


def test_main_refuses_a_missing_folder(csp_tool: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        csp_tool.main([str(tmp_path / "nowhere")])
    assert stop.value.code == 2


# -- nginx ----------------------------------------------------------------------------


def test_each_mount_is_served_under_its_sub_path_with_its_policy(tmp_path: Path) -> None:
    mount = Mount("/guidance/participation-online/", tmp_path, "default-src 'self'")
    config = render_config([mount], 8123, tmp_path / "state")
    assert "listen 127.0.0.1:8123;" in config
    assert f"location /guidance/participation-online/ {{\n            alias {tmp_path}/;" in config
    assert "add_header Content-Security-Policy \"default-src 'self'\" always;" in config
    # Every file nginx writes stays in the state folder.
    for line in config.splitlines():
        if line.strip().startswith(("pid ", "error_log ", "access_log ")) or "_temp_path" in line:
            assert str(tmp_path / "state") in line


def test_a_mount_without_a_policy_sends_no_header(tmp_path: Path) -> None:
    config = render_config([Mount("/x/", tmp_path, "")], 8123, tmp_path)
    assert "Content-Security-Policy" not in config


@pytest.mark.parametrize("path", ["guidance", "/guidance", "guidance/"])
def test_a_sub_path_must_start_and_end_with_a_slash(tmp_path: Path, path: str) -> None:
    with pytest.raises(ValueError, match="must start and end with '/'"):
        Mount(path, tmp_path, "")
