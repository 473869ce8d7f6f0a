// An export being built: ask its page (as JSON) every two seconds, reload once it is ready.
(function () {
  "use strict";
  var panel = document.getElementById("export");
  if (!panel || panel.dataset.finished === "1") return;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.finished) window.location.reload();
        else window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
