"""The Nu HTML checker (vnu, the W3C validator's engine, run here) finds no error on any type of
reader page in either edition: fronts, section pages, stories, All news, every level of the
archive, author pages, and the 404 and 400 pages."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .reader_pages import DemoSite, checker_path, page_fetch


def test_every_reader_page_type_is_valid_html(demo_site: DemoSite, tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java, "java is missing: apt-get install default-jre-headless (make test does this)"
    problems = [f"{name}: {why}" for name, why in sorted(demo_site.missing.items())]
    checked: dict[str, str] = {}  # file name: the page's address
    for name, page in sorted(demo_site.pages.items()):
        status, text = page_fetch(page.url)
        if status != page.status:
            problems.append(f"{name}: {page.url} answered {status}, not {page.status}")
            continue
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
        checked[f"{name}.html"] = page.url
    assert checked, "\n".join(problems)

    # One run for every page: the JVM takes a while to start.
    result = subprocess.run(  # noqa: S603
        [java, "-jar", str(checker_path("vnu-jar/build/dist/vnu.jar")), "--errors-only"]
        + ["--format", "json", *sorted(str(tmp_path / file) for file in checked)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # It exits 1 when it found errors, and reports them as JSON on stderr.
    assert result.returncode in (0, 1) and result.stderr.startswith("{"), result.stderr[-2000:]
    report = json.loads(result.stderr)
    for message in report["messages"]:
        file = Path(unquote(urlsplit(message.get("url", "")).path)).name
        where = f"{checked.get(file, file)} line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())[:120]
        problems.append(f"{file[:-5]}: {where}: {message['message']}  [{extract}]")
    assert not problems, f"{len(problems)} problems:\n  " + "\n  ".join(problems)
