// Progressive enhancement only: every page works without it (the CSP allows no inline
// script, so everything lives here).
// - A link like /kilde/file#L120-L140 highlights those lines and scrolls to the first.
// - The search filters sit open beside the results on a wide screen and folded above
//   them on a phone; a ticked filter applies at once (the «Bruk filtre» button is the
//   fallback without script), and focus comes back to the box after the page reloads.
// - Any control marked data-autosubmit submits its form when changed.
(function () {
  var FOCUS_KEY = "tiltaksbanken:fokus";

  function highlightFromHash() {
    var m = /^#L(\d+)(?:-L?(\d+))?$/.exec(window.location.hash);
    if (!m) return;
    var first = parseInt(m[1], 10);
    var last = m[2] ? parseInt(m[2], 10) : first;
    var firstLine = document.getElementById("L" + first);
    var marked = document.querySelectorAll(".src-line.hl");
    if (!m[2] && marked.length && firstLine && firstLine.classList.contains("hl")) return;
    marked.forEach(function (el) { el.classList.remove("hl"); });
    for (var n = first; n <= last && n - first < 5000; n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("hl");
    }
    if (firstLine) firstLine.scrollIntoView({ block: "center" });
  }

  function submit(form) {
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function remember(box) {
    try { window.sessionStorage.setItem(FOCUS_KEY, box.name + "=" + box.value); } catch (e) { /* private mode */ }
  }

  function recall() {
    var key = null;
    try {
      key = window.sessionStorage.getItem(FOCUS_KEY);
      window.sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return null; }
    if (!key) return null;
    var eq = key.indexOf("=");
    var boxes = document.querySelectorAll(".facets input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].name === key.slice(0, eq) && boxes[i].value === key.slice(eq + 1)) return boxes[i];
    }
    return null;
  }

  function enhanceFilters() {
    var panel = document.querySelector("details[data-open-wide]");
    if (!panel) return;
    var boxes = panel.querySelectorAll("input[type=checkbox]");
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        remember(box);
        submit(box.form);
      });
    });
    panel.querySelectorAll(".apply-filters").forEach(function (b) { b.hidden = true; });
    panel.querySelectorAll(".auto-apply-note").forEach(function (p) { p.hidden = false; });

    var back = recall();
    var wide = window.matchMedia ? window.matchMedia("(min-width: 48.0625rem)") : null;
    function place() { panel.open = !wide || wide.matches || panel.contains(document.activeElement); }
    place();
    if (wide && wide.addEventListener) wide.addEventListener("change", place);
    if (back) {
      panel.open = true;
      var more = back.closest("details");
      if (more) more.open = true;
      back.focus();
    }
  }

  function enhanceAutosubmit() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { submit(el.form); });
    });
  }

  function start() {
    highlightFromHash();
    enhanceFilters();
    enhanceAutosubmit();
  }

  document.documentElement.classList.add("js");
  window.addEventListener("hashchange", highlightFromHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
