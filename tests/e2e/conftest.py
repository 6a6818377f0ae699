"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run them with `make e2e` (installs Debian's `chromium` when it is missing). Playwright's own
browser download (`playwright install`) is never used: we launch the system Chromium.
"""

import os
import shutil
from pathlib import Path

import pytest

# The sync Playwright API runs an event loop in the main thread; the test code itself (factories,
# ORM) is synchronous and runs beside it, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
REPO_DIR = E2E_DIR.parents[1]
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine has no network: keep Chromium from phoning home at every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e/ is a browser test, marked or not, so `-m "not e2e"` skips it."""
    for item in items:
        if E2E_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium not found: run `make chromium` (apt-get install -y chromium)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, **context_options):
    options = {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL"}
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _close(request, context, page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        shot = ARTIFACTS_DIR / f"failed-{request.node.name}.png"
        page.screenshot(path=shot, full_page=True)
        print(f"\nScreenshot of the failing page ({page.url}): {shot}")
    context.close()


@pytest.fixture
def page(browser, request):
    context, page = _new_page(browser)
    yield page
    _close(request, context, page)


@pytest.fixture
def page_without_js(browser, request):
    context, page = _new_page(browser, java_script_enabled=False)
    yield page
    _close(request, context, page)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture
def axe_check(artifacts_dir):
    """Run axe-core on the current page; fail on serious or critical violations, listing them all."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, name: str) -> None:
        results = axe.run(page)
        results.save_to_file(artifacts_dir / f"axe-{name}.json", violations_only=True)
        violations = results.response["violations"]
        blocking = [v for v in violations if v.get("impact") in ("serious", "critical")]
        if violations:
            print(f"\naxe-core on {name} ({page.url}):\n{results.generate_report()}")
        assert not blocking, f"axe-core found serious/critical violations on {name}:\n" + "\n".join(
            _describe(v) for v in blocking
        )

    return check


def _describe(violation: dict) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"]
    for node in violation["nodes"][:10]:
        lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
        lines.append(f"       {node.get('html', '')[:200]}")
    return "\n".join(lines)
