// 年报核查 progress: polls the batch's progress.json and updates the numbers in place; when the batch
// is finished the page reloads once to show every report and the 汇总. No framework, no build step.
(function () {
  "use strict";
  var panel = document.getElementById("progress");
  if (!panel || panel.dataset.finished === "1") return;
  var url = panel.dataset.url;
  var bar = panel.querySelector("progress");
  var delay = 1500;

  function show(name, value) {
    var node = panel.querySelector('[data-field="' + name + '"]');
    if (node) node.textContent = value;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (p) {
        ["state_label", "done", "total", "with_errors", "with_warnings", "unreadable"].forEach(function (k) {
          show(k, p[k]);
        });
        show("rate", p.rate.toFixed(2));
        show("seconds", Math.round(p.seconds));
        var unpacking = panel.querySelector('[data-field="unpacking"]');
        if (unpacking) unpacking.hidden = !p.unpacking;
        bar.max = Math.max(p.total, 1);
        bar.value = p.done;
        if (p.finished) {
          window.location.reload();
          return;
        }
        delay = 1500;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // The server may be restarting: try again, less often, and say so.
        show("hint", "暂时无法获取进度,稍后自动重试……");
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
