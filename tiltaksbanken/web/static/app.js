// Progressive enhancement only: every page works without it.
// A link like /kilde/file#L120-L140 highlights those lines and scrolls to the first.
(function () {
  function highlightFromHash() {
    var m = /^#L(\d+)(?:-L?(\d+))?$/.exec(window.location.hash);
    if (!m) return;
    var first = parseInt(m[1], 10);
    var last = m[2] ? parseInt(m[2], 10) : first;
    var marked = document.querySelectorAll(".src-line.hl");
    if (!m[2] && marked.length && document.getElementById("L" + first).classList.contains("hl")) return;
    document.querySelectorAll(".src-line.hl").forEach(function (el) { el.classList.remove("hl"); });
    for (var n = first; n <= last && n - first < 5000; n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("hl");
    }
    var target = document.getElementById("L" + first);
    if (target) target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", highlightFromHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlightFromHash);
  } else {
    highlightFromHash();
  }
})();
