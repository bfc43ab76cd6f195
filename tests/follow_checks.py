"""What a person sees of a live widget's scroll box (jupyter_docker/widgets/follow.js), asked
of the page: whether an item is inside the box's visible area and on screen (not covered),
where the first visible item sits, the "N new lines ↓" button."""

from __future__ import annotations

from typing import Any, Callable

# An item (`[data-seq]` whose text is `text`) is seen when its box is inside the scroll box's
# visible rect, inside the window, and the element at its middle is the item itself.
_SEEN = """([root, text, contains]) => {
    const view = document.querySelector(root);
    const box = view && view.querySelector('.jd-follow-box');
    if (!box) return false;
    const b = box.getBoundingClientRect();
    const top = Math.max(b.top + box.clientTop, 0);
    const bottom = Math.min(b.top + box.clientTop + box.clientHeight, window.innerHeight);
    const item = [...box.querySelectorAll('[data-seq]')].reverse().find(e => contains
        ? e.innerText.includes(text) : e.innerText.trim() === text);
    if (!item) return false;
    const r = item.getBoundingClientRect();
    if (!(r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1)) return false;
    const x = Math.min(r.left + 8, b.left + box.clientWidth - 2), y = (r.top + r.bottom) / 2;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === item || item.contains(hit));
}"""

_FIRST_VISIBLE = """root => {
    const box = document.querySelector(root).querySelector('.jd-follow-box');
    const top = box.getBoundingClientRect().top + box.clientTop;
    for (const item of box.querySelectorAll('[data-seq]')) {
        const r = item.getBoundingClientRect();
        if (r.bottom > top + 1) return {text: item.innerText.trim(), offset: r.top - top,
                                        scrollTop: box.scrollTop};
    }
    return null;
}"""

_BOX = """root => {
    const box = document.querySelector(root).querySelector('.jd-follow-box');
    const r = box.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
            clientHeight: box.clientHeight, scrollHeight: box.scrollHeight,
            clientWidth: box.clientWidth, scrollWidth: box.scrollWidth,
            scrollTop: box.scrollTop, viewportHeight: window.innerHeight,
            viewportWidth: window.innerWidth};
}"""


def seen(page: Any, root: str, text: str, contains: bool = False) -> bool:
    """Whether the item `text` (the last item containing it, with `contains`) of the scroll
    box in `root` is visible to a person now."""
    return page.evaluate(_SEEN, [root, text, contains])


_LAST = """root => {
    const items = document.querySelector(root).querySelectorAll('.jd-follow-box [data-seq]');
    return items.length ? items[items.length - 1].innerText.trim() : null;
}"""


def wait_seen(page: Any, root: str, text: str, timeout_ms: float = 1000,
              contains: bool = False) -> None:
    """Wait (at most `timeout_ms`) until the item `text` is visible; fail saying what the
    page showed instead (its last item, the box) and with a screenshot."""
    from playwright.sync_api import TimeoutError

    try:
        page.wait_for_function(_SEEN, arg=[root, text, contains], timeout=timeout_ms,
                               polling="raf")
    except TimeoutError:
        from lab_browser import ARTIFACTS

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "not-seen.png"))
        raise AssertionError(f"{text!r} not seen in {timeout_ms} ms; the last item drawn: "
                             f"{page.evaluate(_LAST, root)!r}; box {box(page, root)}; "
                             f"first visible {first_visible(page, root)}") from None


def first_visible(page: Any, root: str) -> dict[str, Any] | None:
    """The first item at least partly visible in the box: its text, its offset from the top."""
    return page.evaluate(_FIRST_VISIBLE, root)


def box(page: Any, root: str) -> dict[str, float]:
    """The scroll box's rect and scroll sizes."""
    return page.evaluate(_BOX, root)


def scroll_up(page: Any, root: str, pixels: int) -> dict[str, Any] | None:
    """Turn the mouse wheel up over the box, as a person does; the first visible item after."""
    page.locator(f"{root} .jd-follow-box").hover()
    page.mouse.wheel(0, -pixels)
    page.wait_for_timeout(400)
    return first_visible(page, root)


def keeps_up(page: Any, root: str, newest: Callable[[], str], samples: int = 8,
             contains: bool = False) -> list[float]:
    """Ask `newest()` (the engine) for the last item printed, `samples` times a quarter second
    apart, and time until the page shows it; each must be seen within a second. One sample
    may take up to 5 s, never two: the 2 cores of the test machine are shared by many (at a
    load average of 16 the kernel itself once received a line 3 s after the engine had it,
    its status line counting fewer lines than the container had printed). Returns the
    seconds each took."""
    import time

    took, late = [], []
    for _ in range(samples):
        text, start = newest(), time.monotonic()
        wait_seen(page, root, text, 5000, contains)
        took.append(round(time.monotonic() - start, 3))
        if took[-1] > 1.0:
            late.append(text)
        page.wait_for_timeout(250)
    assert len(late) <= 1, f"seen after more than a second: {late}; seconds: {took}"
    return took
