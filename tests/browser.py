"""Open a page in Debian's headless Chromium through playwright, recording what it asks for."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from nkrussia import render


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def open_page(html: Path, width: int = 1280, height: int = 900):
    """Yield (page, log); every request that is not file: or data: is refused and logged."""
    log = PageLog()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(render.find_chromium()),
                                     args=render.CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
            page.on("pageerror", lambda e: log.page_errors.append(str(e)))
            page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))

            def guard(route):
                url = route.request.url
                if url.startswith(("file:", "data:", "blob:")):
                    return route.continue_()
                log.blocked.append(url)
                return route.abort()

            page.route("**/*", guard)
            page.goto(html.resolve().as_uri(), wait_until="load")
            # charts are drawn when they scroll into view: bring each one there
            for i in range(page.locator("figure.nk-figure").count()):
                page.locator("figure.nk-figure").nth(i).scroll_into_view_if_needed()
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('figure.nk-figure')).every("
                "el => el.hasAttribute('data-drawn') || el.hasAttribute('data-error'))",
                timeout=60_000)
            yield page, log
        finally:
            browser.close()
