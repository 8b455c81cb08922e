/* The page frame's menus (base.html, core/_nav.html), written for this project.
 * Without this script every menu stays usable: the groups are <details>, the phone menu
 * stays open. With it: the phone menu folds behind its button, one group is open at a
 * time, and Escape or a click elsewhere closes an open group. */
(function () {
  "use strict";

  function groups() {
    return Array.prototype.slice.call(document.querySelectorAll(".site-header details.nav-group"));
  }

  function closeGroups(except) {
    groups().forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }

  function setUp() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".menu-toggle");
    var menu = header && document.getElementById("site-menu");
    if (!toggle || !menu) return;
    header.classList.add("menu-folds");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
    groups().forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (group.open) closeGroups(group);
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest("details.nav-group")) closeGroups(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = groups().filter(function (group) { return group.open; });
      open.forEach(function (group) {
        group.open = false;
        group.querySelector("summary").focus();
      });
      if (!open.length && menu.classList.contains("is-open")) {
        menu.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
