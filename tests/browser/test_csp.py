"""tools/csp.py and the nginx configuration: what the policy allows, from the built files.

These need no browser; test_fixture_site.py shows that browsers agree with the hashes.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import ModuleType

import pytest
from nginx import Mount, render_config

FIXTURES = Path(__file__).parent / "fixtures"


def expected_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def write_page(folder: Path, body: str, name: str = "index.html") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / name
    page.write_text(f"<!DOCTYPE html><html><head></head><body>{body}</body></html>", "utf-8")
    return folder


# -- What goes into the policy --------------------------------------------------------


def test_a_site_with_nothing_inline_gets_default_src_self_alone(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    site = write_page(tmp_path, '<p>Plain.</p><script src="app.js"></script>')
    assert csp_tool.csp_for(site) == "default-src 'self'"


def test_each_inline_script_is_allowed_by_its_hash_once(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    write_page(tmp_path, "<script>one()</script><script>two()</script>")
    write_page(tmp_path, "<script>one()</script>", "other.html")
    policy = csp_tool.csp_for(tmp_path)
    hashes = sorted([expected_hash("one()"), expected_hash("two()")])
    assert policy == f"default-src 'self'; script-src 'self' {' '.join(hashes)}"


def test_the_hash_is_of_the_script_text_as_written(csp_tool: ModuleType, tmp_path: Path) -> None:
    # Entities are not decoded inside a script, and CRLF reaches the browser as LF.
    write_page(tmp_path, "<script>\r\n  a &amp;&amp; b();\r\n</script>")
    assert expected_hash("\n  a &amp;&amp; b();\n") in csp_tool.csp_for(tmp_path)


@pytest.mark.parametrize("kind", ["application/json", "application/ld+json", "text/x-template"])
def test_scripts_that_do_not_run_are_not_hashed(
    csp_tool: ModuleType, tmp_path: Path, kind: str
) -> None:
    write_page(tmp_path, f'<script type="{kind}">{{"a": 1}}</script>')
    assert csp_tool.csp_for(tmp_path) == "default-src 'self'"


def test_a_module_script_is_hashed(csp_tool: ModuleType, tmp_path: Path) -> None:
    write_page(tmp_path, '<script type="module">go()</script>')
    assert expected_hash("go()") in csp_tool.csp_for(tmp_path)


def test_inline_styles_and_style_attributes_are_allowed_by_their_hashes(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    write_page(
        tmp_path,
        '<style>p{color:red}</style><svg style="display: none;"></svg><p style="a &amp; b"></p>',
    )
    style = csp_tool.csp_for(tmp_path).split("; ")[1]
    attributes = sorted([expected_hash("display: none;"), expected_hash("a & b")])
    assert style == (
        f"style-src 'self' {expected_hash('p{color:red}')} 'unsafe-hashes' {' '.join(attributes)}"
    )


def test_data_images_are_allowed_only_when_a_stylesheet_uses_them(
    csp_tool: ModuleType, tmp_path: Path
) -> None:
    write_page(tmp_path, "<p>x</p>")
    (tmp_path / "a.css").write_text("p { background: url(a.png) }", "utf-8")
    assert "img-src" not in csp_tool.csp_for(tmp_path)
    (tmp_path / "a.css").write_text("p { mask-image: url('data:image/svg+xml,<svg/>') }", "utf-8")
    assert csp_tool.csp_for(tmp_path).endswith("; img-src 'self' data:")


def test_the_good_fixture_policy(csp_tool: ModuleType) -> None:
    script = '\n  document.body.dataset.theme = "light";\n'
    style = "\n  body { --accent: #1d70b8; }\n"
    attribute = "color: #0b0c0c;"
    assert csp_tool.csp_for(FIXTURES / "good") == (
        "default-src 'self'; "
        f"script-src 'self' {expected_hash(script)}; "
        f"style-src 'self' {expected_hash(style)} 'unsafe-hashes' {expected_hash(attribute)}; "
        "img-src 'self' data:"
    )


# -- Writing it -----------------------------------------------------------------------


def test_main_writes_the_policy_beside_the_site(
    csp_tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_page(tmp_path, "<script>x()</script>")
    assert csp_tool.main([str(tmp_path)]) == 0
    policy = csp_tool.csp_for(tmp_path)
    assert (tmp_path / "_csp.txt").read_text("utf-8") == policy + "\n"
    assert capsys.readouterr().out == policy + "\n"


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
