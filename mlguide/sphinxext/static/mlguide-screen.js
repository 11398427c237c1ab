// mlguide on screens (linked by every HTML builder but the PDF's; see screen.py).
//
// 1. A tab-set whose labels take more than two rows becomes a menu: a labelled <select> of
//    the same labels before it, the labels and their radio inputs hidden. The menu drives
//    the tab-set's own radio inputs and fires their "change" event, so sphinx-design syncs
//    the other tab-sets of the group and remembers the choice as it does for a click; the
//    menus follow every change made elsewhere (a synced tab, a link to a tab). Whether a
//    tab-set is a menu is decided again whenever its width changes. Without this script the
//    tabs stay tabs; print shows every panel either way (mlguide.css).
// 2. Code blocks, pictures and the matrix, where they scroll sideways, can be reached with
//    the keyboard (tabindex=0) while they scroll, so that they can be scrolled without a mouse.
(() => {
  "use strict";

  const MAX_ROWS = 2;
  /** What the menu's label calls a choice, by sphinx-design sync group. */
  const CHOICE = { "mlguide-aspect": "Aspect", "mlguide-framework": "Framework" };
  const SCROLLERS = "pre, .mlguide-picture-frame, .mlguide-matrix-frame";
  /** @type {{set: HTMLElement, tabs: {label: HTMLElement, input: HTMLInputElement}[],
   *          menu: HTMLElement, select: HTMLSelectElement, width: number}[]} */
  const menus = [];

  const tabsOf = (set) =>
    [...set.children]
      .filter((el) => el.tagName === "LABEL" && el.classList.contains("sd-tab-label"))
      .map((label) => ({ label, input: label.previousElementSibling }))
      .filter(({ input }) => input instanceof HTMLInputElement);

  const rowsOf = (tabs) =>
    new Set(tabs.map(({ label }) => Math.round(label.getBoundingClientRect().top))).size;

  const refresh = () => {
    for (const menu of menus) {
      const chosen = menu.tabs.findIndex(({ input }) => input.checked);
      if (chosen >= 0) menu.select.value = String(chosen);
    }
  };

  const build = (set, tabs, number) => {
    const menu = document.createElement("div");
    menu.className = "mlguide-tab-menu";
    menu.hidden = true;
    const select = document.createElement("select");
    select.id = `mlguide-tab-menu-${number}`;
    const label = document.createElement("label");
    label.htmlFor = select.id;
    label.textContent = `${CHOICE[tabs[0].label.dataset.syncGroup] || "Show"}:`;
    tabs.forEach(({ label: tab }, index) => {
      const option = document.createElement("option");
      option.value = String(index);
      option.textContent = tab.textContent.trim();
      select.append(option);
    });
    select.addEventListener("change", () => {
      const tab = tabs[Number(select.value)];
      if (!tab || tab.input.checked) return;
      tab.input.checked = true;
      tab.input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    menu.append(label, select);
    set.before(menu);
    return { set, tabs, menu, select, width: -1 };
  };

  // A menu when the labels, laid out as tabs at this width, take more than MAX_ROWS rows.
  const arrange = (entry) => {
    const width = entry.set.clientWidth;
    if (!width || width === entry.width) return; // hidden (in a closed panel), or no change
    entry.width = width;
    entry.set.classList.remove("mlguide-tabs-as-menu");
    const many = rowsOf(entry.tabs) > MAX_ROWS;
    entry.set.classList.toggle("mlguide-tabs-as-menu", many);
    entry.menu.hidden = !many;
  };

  // Focusable while it scrolls; the attribute is ours to take back when it no longer does.
  const reachScrollers = () => {
    for (const el of document.querySelectorAll(SCROLLERS)) {
      const scrolls = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.tabIndex = 0;
        el.dataset.mlguideScroll = "";
      } else if (!scrolls && "mlguideScroll" in el.dataset) {
        el.removeAttribute("tabindex");
        delete el.dataset.mlguideScroll;
      }
    }
  };

  let pending = false;
  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      menus.forEach(arrange);
      reachScrollers();
    });
  };

  let started = false;
  const ready = () => {
    if (started) return;
    started = true;
    document.querySelectorAll(".sd-tab-set").forEach((set, number) => {
      const tabs = tabsOf(set);
      if (tabs.length > 1) menus.push(build(set, tabs, number + 1));
    });
    menus.forEach(arrange);
    refresh();
    reachScrollers();
    if ("ResizeObserver" in window) {
      const observer = new ResizeObserver(later);
      menus.forEach(({ set }) => observer.observe(set));
    }
    window.addEventListener("resize", later);
    // A tab chosen anywhere: sphinx-design's handler on the radio itself has synced the
    // group's other tab-sets by the time the event bubbles up here, so every menu can follow
    // at once (before anything reads it).
    document.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.closest(".sd-tab-set")) {
        refresh();
        later();
      }
    });
    window.addEventListener("hashchange", () => setTimeout(refresh, 0));
  };

  // sphinx-design restores the remembered tabs on DOMContentLoaded: run after it (a deferred
  // script runs before that event; "load" covers a script added after it).
  if (document.readyState === "complete") {
    ready();
  } else {
    document.addEventListener("DOMContentLoaded", ready);
    window.addEventListener("load", ready);
  }
})();
