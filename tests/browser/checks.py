"""Checks run on a page of the guide in Chromium; each returns the problems it finds, in words.

Every check is a plain function of a Playwright ``Page`` so that a test can run it on the
built guide (and expect no problems) or on a deliberately broken copy of a page (and expect
the problem to be reported); see ``test_checks_catch_a_broken_tab`` in tests/test_browser.py.

sphinx-design 0.8 renders a tab-set as ``input[type=radio] + label.sd-tab-label +
div.sd-tab-content`` triples inside ``div.sd-tab-set``; the radio inputs of one tab-set share
a ``name``, so the browser's own radio-group keys move between tabs. A tab-set whose labels
take more than two rows is offered as a menu instead (mlguide-screen.js): a
``div.mlguide-tab-menu`` just before it holds a ``<select>`` with one option per label, in
order, and the tab-set has the class ``mlguide-tabs-as-menu`` (its labels and radios hidden).
The tab checks work on both: they choose a tab through its label or through the menu.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Request, Route

AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core impacts that fail the accessibility test (the others are reported, not failed).
FAILING_IMPACTS = ("serious", "critical")

# Shared by the scripts below: is an element rendered (a non-empty box, not hidden)?
_VISIBLE = """
const visible = (el) => {
  if (!el) return false;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
    && style.display !== "none" && Number(style.opacity) > 0;
};
const setName = (set, i) => {
  const kind = [...set.classList].find((c) => c.startsWith("mlguide-"));
  return `tab-set ${i + 1}` + (kind ? ` (${kind})` : "");
};
// The menu offered instead of the tab-set's labels, when it is offered.
const menuOf = (set) => {
  const menu = set.previousElementSibling;
  return set.classList.contains("mlguide-tabs-as-menu") && menu
    && menu.classList.contains("mlguide-tab-menu") ? menu : null;
};
const labelsOf = (set) => [...set.children].filter((c) => c.tagName === "LABEL");
"""

_PANELS_JS = (
    """
(printing) => {
"""
    + _VISIBLE
    + """
  const problems = [];
  document.querySelectorAll(".sd-tab-set").forEach((set, i) => {
    const panels = [...set.children].filter((c) => c.classList.contains("sd-tab-content"));
    if (!panels.length) problems.push(`${setName(set, i)}: no panels`);
    panels.forEach((panel, k) => {
      const where = `${setName(set, i)}, panel ${k + 1} of ${panels.length}`;
      const label = panel.previousElementSibling;
      const menu = printing ? null : menuOf(set);
      if (!label || label.tagName !== "LABEL") {
        problems.push(`${where}: no tab label before the panel`);
      } else if (!label.textContent.trim()) {
        problems.push(`${where}: the tab label is empty`);
      } else if (menu) {
        const select = menu.querySelector("select");
        const option = select && select.options[labelsOf(set).indexOf(label)];
        if (!visible(menu) || !select) {
          problems.push(`${where}: offered in a menu that is not visible`);
        } else if (!option || option.textContent.trim() !== label.textContent.trim()) {
          problems.push(`${where}: the menu has no option "${label.textContent.trim()}"`);
        }
      } else if (!visible(label)) {
        problems.push(`${where}: the tab label "${label.textContent.trim()}" is not visible`);
      }
      if (printing && !visible(panel)) problems.push(`${where}: the panel is not visible`);
    });
  });
  if (printing) {
    document.querySelectorAll(".mlguide-panel").forEach((card, i) => {
      const label = card.querySelector(":scope > .mlguide-card-label");
      const where = `card ${i + 1} (${[...card.classList].join(" ")})`;
      if (!visible(card)) problems.push(`${where}: not visible`);
      if (!label) problems.push(`${where}: no .mlguide-card-label header`);
      else if (!label.textContent.trim()) problems.push(`${where}: empty label`);
      else if (!visible(label)) problems.push(`${where}: label not visible`);
    });
  }
  return problems;
}
"""
)

_SHOWN_PANELS_JS = (
    "(set) => {"
    + _VISIBLE
    + """
  return [...set.children]
    .filter((c) => c.classList.contains("sd-tab-content"))
    .map((panel) => visible(panel));
}
"""
)

_FOCUS_JS = (
    "() => {"
    + _VISIBLE
    + """
  const el = document.activeElement;
  const sets = [...document.querySelectorAll(".sd-tab-set")];
  if (el && el.tagName === "SELECT" && el.parentElement.classList.contains("mlguide-tab-menu")) {
    const set = el.parentElement.nextElementSibling;
    const panels = [...set.children].filter((c) => c.classList.contains("sd-tab-content"));
    const label = labelsOf(set)[Number(el.value)];
    const chosen = label ? panels.indexOf(label.nextElementSibling) : -1;
    const named = el.labels.length ? el.labels[0].textContent.trim() : "";
    return {
      menu: true,
      set: sets.indexOf(set),
      name: setName(set, sets.indexOf(set)),
      focused: el.selectedIndex,
      options: el.options.length,
      chosen,
      checked: panels.findIndex((p) => p.previousElementSibling?.previousElementSibling?.checked),
      count: panels.length,
      label: label ? label.textContent.trim() : null,
      named,
      ring: getComputedStyle(el).outlineStyle,
      shown: panels.map((p) => visible(p)),
    };
  }
  if (!el || el.tagName !== "INPUT" || !el.parentElement.classList.contains("sd-tab-set")) {
    return null;
  }
  const set = el.parentElement;
  const inputs = [...set.children].filter((c) => c.tagName === "INPUT");
  const checked = inputs.findIndex((i) => i.checked);
  const next = el.nextElementSibling;
  const label = next && next.tagName === "LABEL" ? next : null;
  const panels = [...set.children].filter((c) => c.classList.contains("sd-tab-content"));
  return {
    menu: false,
    set: sets.indexOf(set),
    name: setName(set, sets.indexOf(set)),
    focused: inputs.indexOf(el),
    checked,
    count: inputs.length,
    label: label ? label.textContent.trim() : null,
    ring: label ? getComputedStyle(label).outlineStyle : "none",
    shown: panels.map((p) => visible(p)),
  };
}
"""
)

_SYNC_JS = (
    "([group, id]) => {"
    + _VISIBLE
    + """
  const sel = `label.sd-tab-label[data-sync-group="${group}"][data-sync-id="${id}"]`;
  return [...document.querySelectorAll(sel)].map((label) => {
    const menu = menuOf(label.parentElement);
    const select = menu && menu.querySelector("select");
    return {
      label: label.textContent.trim(),
      checked: !!(label.control && label.control.checked),
      shown: visible(label.nextElementSibling),
      menu: select ? select.options[select.selectedIndex].textContent.trim() : null,
    };
  });
}
"""
)

_LAYOUT_JS = (
    "() => {"
    + _VISIBLE
    + """
  const width = window.innerWidth;
  const root = document.documentElement;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "")
    + [...el.classList].slice(0, 3).map((c) => `.${c}`).join("");
  const offenders = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      if (offenders.some((o) => o.el.contains(el))) continue;
      // inside a scroll container (furo's table wrapper, a <pre>), or fixed (furo's drawers,
      // parked off-screen): neither widens the page
      let clipped = getComputedStyle(el).position === "fixed";
      for (let p = el.parentElement; !clipped && p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        clipped = style.overflowX !== "visible" || style.position === "fixed";
      }
      if (!clipped) offenders.push({ el, text: `${describe(el)} reaches ${Math.round(box.right)} px` });
      if (offenders.length >= 5) break;
    }
  }
  const grids = [];
  document.querySelectorAll(".mlguide-columns").forEach((grid, i) => {
    const cards = [...grid.querySelectorAll(":scope > .sd-row > .sd-col > .sd-card")]
      .filter(visible);
    if (cards.length < 2) return;
    const lefts = cards.map((c) => Math.round(c.getBoundingClientRect().left));
    if (new Set(lefts).size > 1) {
      grids.push(`.mlguide-columns ${i + 1}: cards side by side (left edges ${lefts.join(", ")} px)`);
    }
  });
  return {
    scrollWidth: root.scrollWidth, width, offenders: offenders.map((o) => o.text), grids,
  };
}
"""
)

_AXE_START_JS = """
(within) => {
  const context = within ? document.querySelector(within) : document;
  window.__mlguideAxe = axe.run(context, { resultTypes: ["violations"] });
}
"""
_AXE_RESULTS_JS = """
async () => {
  const result = await window.__mlguideAxe;
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160),
                                 summary: n.failureSummary })),
  }));
}
"""


def panel_problems(page: Page, *, printing: bool) -> list[str]:
    """Every tab panel has a visible, non-empty label before it; when ``printing`` (run it
    under ``page.emulate_media(media="print")``), every panel and every framework card is
    visible too, and every card shows its label."""
    problems: list[str] = page.evaluate(_PANELS_JS, printing)
    return problems


def click_in_view(target: Locator) -> None:
    """Click ``target`` the way a reader does: scrolled to the middle of the window first.

    Playwright scrolls a target only just into view, which after an upward scroll puts it at
    the window's top edge, where furo shows its "back to top" button over it once the page
    moves up; the click then lands on the button instead. The scroll is instant (furo's
    ``scroll-behavior: smooth`` would otherwise still be moving the page when the click's
    point is worked out) and two frames are let pass so that furo's scroll handlers have run.
    """
    target.evaluate(_SCROLL_TO_MIDDLE_JS)
    target.click(timeout=5000)


_SCROLL_TO_MIDDLE_JS = """(el) => new Promise((done) => {
  el.scrollIntoView({ block: "center", inline: "nearest", behavior: "instant" });
  requestAnimationFrame(() => requestAnimationFrame(() => done(null)));
})"""

#: What is under the middle of an element: itself (or a part of it), or what covers it.
_UNDER_JS = """(el) => {
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const name = (e) => e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join("");
  const where = `at y=${Math.round(r.top)} of ${innerHeight}, page scrolled to ${Math.round(scrollY)}`;
  if (hit === null) return `nothing is under its middle (${where})`;
  return el.contains(hit) ? `it is under its middle (${where})` : `${name(hit)} covers it (${where})`;
}"""


def what_is_under(target: Locator) -> str:
    """For a failure message: whether ``target`` or something covering it is under its middle."""
    under: str = target.evaluate(_UNDER_JS)
    return under


#: Where a tab's label is chosen: the index of its option in the menu offered instead of the
#: tab-set's labels, or null when the tab-set shows its labels.
_MENU_INDEX_JS = (
    "(label) => {"
    + _VISIBLE
    + """
  const set = label.parentElement;
  return menuOf(set) ? labelsOf(set).indexOf(label) : null;
}
"""
)


def choose_tab(label: Locator) -> None:
    """Choose a tab the way a reader does: click its label, or, where its tab-set is offered
    as a menu, pick its entry in the menu."""
    index: int | None = label.evaluate(_MENU_INDEX_JS)
    if index is None:
        click_in_view(label)
        return
    select = label.locator(
        "xpath=../preceding-sibling::div[1][contains(@class, 'mlguide-tab-menu')]//select"
    )
    select.evaluate(_SCROLL_TO_MIDDLE_JS)
    select.select_option(value=str(index), timeout=5000)


def is_menu(tab_set: Locator) -> bool:
    """Whether the tab-set is offered as a menu (its labels hidden)."""
    menu: bool = tab_set.evaluate("(set) => set.classList.contains('mlguide-tabs-as-menu')")
    return menu


def _tab_sets(page: Page) -> list[Locator]:
    sets = page.locator(".sd-tab-set")
    return [sets.nth(i) for i in range(sets.count())]


def tab_click_problems(page: Page) -> list[str]:
    """Choose every tab of every tab-set on the page (click its label, or pick it in the
    tab-set's menu): afterwards its own radio is checked and its panel is the only one of its
    tab-set that shows."""
    problems: list[str] = []
    for i, tab_set in enumerate(_tab_sets(page)):
        panels = tab_set.locator(":scope > .sd-tab-content")
        count = panels.count()
        for k in range(count):
            where = f"tab-set {i + 1}, panel {k + 1} of {count}"
            label = panels.nth(k).locator("xpath=preceding-sibling::*[1][self::label]")
            if label.count() == 0:
                problems.append(f"{where}: no tab label to click, so the panel can never show")
                continue
            name = label.text_content().strip() or "(empty label)"
            choose_tab(label)
            shown: list[bool] = tab_set.evaluate(_SHOWN_PANELS_JS)
            expected = [j == k for j in range(count)]
            if shown != expected:
                showing = [j + 1 for j, s in enumerate(shown) if s]
                problems.append(
                    f"{where}: after clicking {name!r} the panels showing are {showing}, expected [{k + 1}]"
                )
            radio = label.locator("xpath=preceding-sibling::*[1][self::input]")
            if radio.count() == 0 or not radio.is_checked():
                problems.append(
                    f"{where}: clicking {name!r} did not check its radio input; "
                    f"{what_is_under(label)}"
                )
    return problems


def sync_state(page: Page, group: str, sync_id: str) -> list[dict[str, Any]]:
    """Every tab labelled with ``group``/``sync_id`` on the page: its text, whether its radio
    is checked and whether its panel shows."""
    state: list[dict[str, Any]] = page.evaluate(_SYNC_JS, [group, sync_id])
    return state


def sync_ids(page: Page, group: str) -> list[str]:
    """The sync ids of ``group`` on the page, in document order, each once."""
    ids: list[str] = page.eval_on_selector_all(
        f'label.sd-tab-label[data-sync-group="{group}"]',
        "(ls) => [...new Set(ls.map((l) => l.dataset.syncId))]",
    )
    return ids


def sync_problems(page: Page, group: str) -> list[str]:
    """For each sync id of ``group``: choose its first tab; every tab with that id on the
    page is then selected and shows its panel, and every menu of the group names it."""
    problems: list[str] = []
    for sync_id in sync_ids(page, group):
        choose_tab(
            page.locator(
                f'label.sd-tab-label[data-sync-group="{group}"][data-sync-id="{sync_id}"]'
            ).first
        )
        for tab in sync_state(page, group, sync_id):
            if not (tab["checked"] and tab["shown"]):
                problems.append(
                    f"{group}={sync_id}: the tab {tab['label']!r} did not follow "
                    f"(checked {tab['checked']}, panel showing {tab['shown']})"
                )
            if tab["menu"] not in (None, tab["label"]):
                problems.append(
                    f"{group}={sync_id}: the menu of the tab-set with {tab['label']!r} names "
                    f"{tab['menu']!r}"
                )
    return problems


def _menu_key_problems(page: Page, state: dict[str, Any]) -> list[str]:
    """A tab-set's menu, focused with Tab: it has a label, shows a focus ring and offers one
    option per panel; the option chosen is the selected tab's; ArrowDown chooses each next
    option in turn to the last, then ArrowUp each one before it to the first. Each choice
    shows exactly its panel, with that tab's radio checked (so sphinx-design syncs and
    remembers it), and no option is empty."""
    problems: list[str] = []
    name, count, options, start = state["name"], state["count"], state["options"], state["focused"]
    if not state["named"]:
        problems.append(f"{name}: the menu has no label")
    if state["ring"] == "none":
        problems.append(f"{name}: the focused menu shows no focus ring")
    if options != count:
        problems.append(f"{name}: the menu offers {options} of the {count} panels")

    def expect(now: dict[str, Any] | None, where: str, option: int) -> bool:
        if now is None or not now["menu"]:
            problems.append(f"{where}: focus left the menu")
            return False
        shown = [j for j, s in enumerate(now["shown"]) if s]
        panel = now["chosen"]
        if now["focused"] != option or panel < 0 or now["checked"] != panel or shown != [panel]:
            problems.append(
                f"{where}: expected option {option + 1} chosen and its panel alone selected "
                f"and showing; got option {now['focused'] + 1} (panel {panel + 1}), selected "
                f"{now['checked'] + 1}, showing {[j + 1 for j in shown]}"
            )
            return False
        if not now["label"]:
            problems.append(f"{where}: option {option + 1} is empty")
        return True

    if not expect(state, f"{name}: Tab", start):
        return problems
    # down to the last option, then up to the first: every option chosen once at least
    steps = [("ArrowDown", option) for option in range(start + 1, options)]
    steps += [("ArrowUp", option) for option in range(options - 2, -1, -1)]
    for number, (key, option) in enumerate(steps, 1):
        page.keyboard.press(key)
        if not expect(page.evaluate(_FOCUS_JS), f"{name}: {key} (key {number})", option):
            break
    return problems


def keyboard_problems(page: Page, max_presses: int = 600) -> list[str]:
    """From the top of the page, with the keyboard only: Tab until every tab-set has been
    reached; in each, the focused tab is the selected one and shows a focus ring, ArrowRight
    selects each next tab in turn (wrapping to the first), ArrowLeft goes back, and Space keeps
    the focused tab selected. Each arrow press must show exactly the selected tab's panel.
    A tab-set offered as a menu is checked as a menu (see ``_menu_key_problems``)."""
    problems: list[str] = []
    total = page.locator(".sd-tab-set").count()
    reached: set[int] = set()
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")

    def expect(state: dict[str, Any] | None, where: str, tab: int) -> bool:
        if state is None:
            problems.append(f"{where}: focus left the tab-set")
            return False
        shown = [j for j, s in enumerate(state["shown"]) if s]
        if state["focused"] != tab or state["checked"] != tab or shown != [tab]:
            problems.append(
                f"{where}: expected tab {tab + 1} focused, selected and alone showing; got "
                f"focused {state['focused'] + 1}, selected {state['checked'] + 1}, "
                f"showing {[j + 1 for j in shown]}"
            )
            return False
        return True

    for _ in range(max_presses):
        if len(reached) == total:
            break
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_JS)
        if state is None or state["set"] in reached:
            continue
        reached.add(state["set"])
        if state["menu"]:
            problems.extend(_menu_key_problems(page, state))
            continue
        name, count, start = state["name"], state["count"], state["focused"]
        if state["checked"] != start:
            problems.append(f"{name}: Tab focused tab {start + 1}, not the selected one")
        if state["ring"] == "none":
            problems.append(f"{name}: the focused tab {state['label']!r} shows no focus ring")
        for step in range(1, count + 1):
            page.keyboard.press("ArrowRight")
            tab = (start + step) % count
            state = page.evaluate(_FOCUS_JS)
            if not expect(state, f"{name}: ArrowRight #{step}", tab):
                break
            if state is not None and not state["label"]:
                problems.append(f"{name}: tab {tab + 1} has an empty label")
        else:
            page.keyboard.press("ArrowLeft")
            if expect(page.evaluate(_FOCUS_JS), f"{name}: ArrowLeft", (start - 1) % count):
                page.keyboard.press("ArrowRight")
                page.keyboard.press("Space")
                expect(page.evaluate(_FOCUS_JS), f"{name}: Space", start)
    missing = sorted(set(range(total)) - reached)
    if missing:
        problems.append(
            f"Tab never reached tab-set(s) {[m + 1 for m in missing]} within {max_presses} presses"
        )
    return problems


def layout_problems(page: Page) -> list[str]:
    """At the current viewport: the page does not scroll sideways, and the cards of each
    visible ``.mlguide-columns`` grid are stacked (one left edge)."""
    result = page.evaluate(_LAYOUT_JS)
    problems: list[str] = []
    if result["scrollWidth"] > result["width"]:
        problems.append(
            f"scrolls sideways: {result['scrollWidth']} px wide in a {result['width']} px "
            f"viewport; widest: {'; '.join(result['offenders']) or '?'}"
        )
    problems.extend(result["grids"])
    return problems


_SPLIT_WORDS_JS = (
    "() => {"
    + _VISIBLE
    + """
  const problems = [];
  let words = 0;
  const describe = (el) => `"${el.textContent.trim().replace(/\\s+/g, " ").slice(0, 30)}…"`;
  // Range rectangles on more than one line: tops further apart than half a line.
  const split = (rects) => {
    const boxes = [...rects].filter((r) => r.width > 0 && r.height > 0);
    if (boxes.length < 2) return false;
    const tops = boxes.map((r) => r.top);
    return Math.max(...tops) - Math.min(...tops) > Math.min(...boxes.map((r) => r.height)) / 2;
  };
  // Every match of the pattern in the holder's text (across its elements) on one line.
  const check = (holder, pattern, kind) => {
    const parts = [];
    let text = "";
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      parts.push({ node, start: text.length });
      text += node.data;
    }
    const place = (offset, end) => {
      const part = parts.findLast((p) => (end ? p.start < offset : p.start <= offset));
      return [part.node, offset - part.start];
    };
    for (const match of text.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(...place(match.index, false));
      range.setEnd(...place(match.index + match[0].length, true));
      if (!range.getClientRects().length) continue;  // hidden
      words += 1;
      if (split(range.getClientRects()) && problems.length < 30) {
        problems.push(`${kind} ${describe(holder)}: "${match[0]}" is broken across lines`);
      }
    }
  };
  for (const cell of document.querySelectorAll("table td, table th")) {
    if (visible(cell)) check(cell, /[\\p{L}\\p{N}_]+/gu, "table cell");
  }
  for (const pre of document.querySelectorAll("pre")) {
    if (visible(pre)) check(pre, /\\S+/g, "code");
  }
  return { problems, words };
}
"""
)

_TAB_ROWS_JS = (
    "() => {"
    + _VISIBLE
    + """
  const found = [];
  document.querySelectorAll(".sd-tab-set").forEach((set, i) => {
    if (!visible(set)) return;
    const tops = labelsOf(set).filter(visible).map((l) => l.getBoundingClientRect().top);
    tops.sort((a, b) => a - b);
    const rows = tops.filter((top, k) => k === 0 || top - tops[k - 1] > 4).length;
    found.push({ name: setName(set, i), rows, menu: !!menuOf(set) });
  });
  return found;
}
"""
)

_PICTURES_JS = (
    "(least) => {"
    + _VISIBLE
    + """
  const problems = [];
  const pictures = [];
  document.querySelectorAll("svg").forEach((svg) => {
    const texts = [...svg.querySelectorAll("text")];
    if (!texts.length) return;
    const holder = svg.closest(".mlguide-picture");
    const name = svg.querySelector("title")?.textContent.trim() || svg.getAttribute("class");
    const view = holder && holder.querySelector(":scope > .mlguide-picture-text");
    if (!visible(svg)) {
      const shown = !!view && visible(view);
      pictures.push({ name, drawn: false, textView: shown });
      if (!shown) problems.push(`${name}: neither the picture nor its text view shows`);
      return;
    }
    let smallest = Infinity;
    let which = "";
    for (const text of texts) {
      const ctm = text.getScreenCTM();
      const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(ctm.a, ctm.b);
      if (size < smallest) {
        smallest = size;
        which = text.textContent.trim().slice(0, 40);
      }
    }
    pictures.push({ name, drawn: true, smallest: Math.round(smallest * 100) / 100 });
    if (smallest < least - 0.01) {
      problems.push(`${name}: text drawn at ${smallest.toFixed(2)} px ("${which}"), under ${least} px`);
    }
  });
  return { problems, pictures };
}
"""
)

_ANSWER_JS = """() => {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height };
  };
  const answer = document.querySelector(".mlguide-answer");
  return {
    viewport: innerHeight,
    scrolled: scrollY,
    first: !!answer && answer.previousElementSibling?.tagName === "H1",
    line: box(document.querySelector(".mlguide-bottom-line")),
    picks: [...document.querySelectorAll("ul.mlguide-answer-picks > li")].map(box),
    downloads: box(document.querySelector(".mlguide-downloads")),
    glance: box(document.getElementById("at-a-glance")),
  };
}"""


_COLOURED_TEXT_JS = (
    "(colors) => {"
    + _VISIBLE
    + """
  const wanted = new Set(colors);
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    if (!own || !visible(el)) continue;
    const color = getComputedStyle(el)[el instanceof SVGElement ? "fill" : "color"];
    if (wanted.has(color) && found.length < 10) {
      found.push(`"${el.textContent.trim().slice(0, 40)}" is written in ${color}`);
    }
  }
  return found;
}
"""
)


def coloured_text_problems(page: Page, colors: list[str]) -> list[str]:
    """Text written in one of ``colors`` (``#rrggbb``): the frameworks' colours are for
    graphics beside a second cue, not for text (they are not contrasted as text is)."""
    css = [f"rgb({int(c[1:3], 16)}, {int(c[3:5], 16)}, {int(c[5:7], 16)})" for c in colors]
    found: list[str] = page.evaluate(_COLOURED_TEXT_JS, css)
    return found


def split_word_problems(page: Page) -> tuple[list[str], int]:
    """Words broken across lines: in a table cell, a word (a run of letters, digits and
    underscores: a line may end after a dot, a slash or a hyphen between two), and in code
    (every ``<pre>``), a token (a run without spaces). Each word's client rectangles are
    measured; they must all lie on one line. Returns the problems and how many words were
    measured (hidden ones are not)."""
    result = page.evaluate(_SPLIT_WORDS_JS)
    return result["problems"], result["words"]


def tab_rows(page: Page) -> list[dict[str, Any]]:
    """Each visible tab-set: its name, how many rows its visible labels take, and whether it
    is offered as a menu."""
    rows: list[dict[str, Any]] = page.evaluate(_TAB_ROWS_JS)
    return rows


def tab_row_problems(page: Page, most: int = 2) -> list[str]:
    """Tab bars taller than ``most`` rows."""
    return [
        f"{found['name']}: its tab bar takes {found['rows']} rows"
        for found in tab_rows(page)
        if found["rows"] > most
    ]


def picture_problems(page: Page, least: float = 11) -> tuple[list[str], list[dict[str, Any]]]:
    """Every SVG with text: drawn with its smallest text at ``least`` px or more (font size
    times the picture's scale on screen), or hidden with its text view shown. Returns the
    problems and what was found of each picture."""
    result = page.evaluate(_PICTURES_JS, least)
    return result["problems"], result["pictures"]


def answer_first_problems(page: Page, first_picks: int = 2) -> list[str]:
    """The home page, scrolled to the top: the answer block comes right after the title; the
    bottom line and the first ``first_picks`` picks lie inside the first window, every pick
    inside the first two; then the downloads, then the matrix ("At a glance")."""
    found = page.evaluate(_ANSWER_JS)
    height, problems = found["viewport"], []
    if found["scrolled"]:
        problems.append(f"the page is scrolled to {found['scrolled']} px, not the top")
    if not found["first"]:
        problems.append("the answer is not the first thing after the page's title")
    line, picks = found["line"], found["picks"]
    if line is None or not picks:
        return [*problems, f"no bottom line ({line}) or no picks ({len(picks)})"]
    if line["bottom"] > height:
        problems.append(f"the bottom line ends at {line['bottom']:.0f} px, below the first window")
    for number, pick in enumerate(picks[:first_picks], 1):
        if pick["bottom"] > height:
            problems.append(
                f"pick {number} ends at {pick['bottom']:.0f} px, below the first window"
            )
    if picks[-1]["bottom"] > 2 * height:
        problems.append(
            f"the last pick ends at {picks[-1]['bottom']:.0f} px, below the first two windows"
        )
    order = [("answer", picks[-1]), ("downloads", found["downloads"]), ("matrix", found["glance"])]
    for (before, upper), (after, lower) in itertools.pairwise(order):
        if upper is None or lower is None or upper["bottom"] > lower["top"]:
            problems.append(f"the {before} does not come before the {after}")
    return problems


def start_axe(page: Page, within: str | None = None) -> None:
    """Inject axe-core into the page and start it on the whole document (or on the first
    element matching the selector ``within``), without waiting (so that several pages can be
    checked at once); ``axe_results`` collects the outcome."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    page.evaluate(_AXE_START_JS, within)


def axe_results(page: Page) -> list[dict[str, Any]]:
    """The violations (every impact) found by the axe-core run ``start_axe`` started."""
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RESULTS_JS)
    return violations


@dataclass
class NetworkGuard:
    """Watches a browser context: requests to any host but 127.0.0.1 are recorded and
    aborted; console errors and uncaught page errors are recorded, with the page's URL."""

    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"

    def _record(self, url: str) -> None:
        if not self.is_local(url) and url not in self.external:
            self.external.append(url)

    def route(self, route: Route) -> None:
        if self.is_local(route.request.url):
            route.continue_()
        else:
            self._record(route.request.url)
            route.abort("blockedbyclient")

    def request(self, request: Request) -> None:
        # Every request the context sees, also those routing does not (a service worker's).
        self._record(request.url)

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.page.url if message.page else "?"
            self.errors.append(f"{where}: console error: {message.text}")

    def page_error(self, error: Error) -> None:
        self.errors.append(f"uncaught error: {error}")


_TAB_LABEL = re.compile(r"<label\b[^>]*\bsd-tab-label\b[^>]*>(.*?)</label>", re.DOTALL)


def break_tab_label(html: str, tab: int, *, remove: bool) -> tuple[str, str]:
    """A copy of a page's HTML with its ``tab``-th (from 1) tab label removed, or emptied if
    not ``remove``; returns the broken HTML and the label's text."""
    matches = list(_TAB_LABEL.finditer(html))
    match = matches[tab - 1]
    # removed: nothing left; emptied: the opening tag, then straight to the closing one
    replacement = "" if remove else html[match.start() : match.start(1)] + "</label>"
    return html[: match.start()] + replacement + html[match.end() :], match.group(1).strip()


def double_first_tab_set(html: str) -> str:
    """A copy of a page whose first tab-set is there twice, the second's radio names and ids
    renamed: a tab-set of its own in the same sync group (to see two of a group follow)."""
    soup = BeautifulSoup(html, "html.parser")
    first = soup.select_one("div.sd-tab-set")
    assert first is not None, "no tab-set on the page"
    second = copy.copy(first)
    for element in second.find_all(True):
        for attribute in ("id", "name", "for"):
            if element.has_attr(attribute):
                element[attribute] = f"{element[attribute]}-again"
    first.insert_after(second)
    return str(soup)
