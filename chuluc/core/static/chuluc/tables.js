/* Wide tables scroll sideways on a phone (app.css: `.table` is a scrolling block under
 * 720px). A keyboard user must be able to reach and scroll them, so a table that scrolls is
 * made focusable (tabindex 0, in the reading order) and one that fits is not, so desktop
 * keyboards get no extra stops. Watched with a ResizeObserver: turning a phone or resizing
 * a window changes which tables scroll. */
(function () {
  "use strict";

  function update(table) {
    var scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute("tabindex")) {
      table.setAttribute("tabindex", "0");
      table.dataset.scrollFocus = "1";
    } else if (!scrolls && table.dataset.scrollFocus === "1") {
      table.removeAttribute("tabindex");
      delete table.dataset.scrollFocus;
    }
  }

  function watch(root) {
    var tables = (root || document).querySelectorAll("table.table");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.dataset.scrollWatched) return;
      table.dataset.scrollWatched = "1";
      update(table);
      if (window.ResizeObserver) {
        new ResizeObserver(function () { update(table); }).observe(table);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { watch(document); });
  // Tables that HTMX swaps in (filtered lists) are watched too.
  document.addEventListener("htmx:afterSettle", function (event) { watch(event.target); });
})();
