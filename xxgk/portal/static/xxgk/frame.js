// A table wider than a phone scrolls sideways inside the page; a keyboard user reaches it with Tab
// and scrolls it with the arrow keys.
(function () {
  function focusable() {
    document.querySelectorAll("main table").forEach(function (t) {
      if (t.scrollWidth > t.clientWidth + 1) {
        if (!t.hasAttribute("tabindex")) t.setAttribute("tabindex", "0");
      } else if (t.getAttribute("tabindex") === "0") {
        t.removeAttribute("tabindex");
      }
    });
  }
  focusable();
  window.addEventListener("resize", focusable);
})();

// After a refused submission the error summary takes the focus: a screen reader reads it, and
// the first Tab reaches the link to the first field to fix.
(function () {
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
