// 阅读工具 of an item page: 字号大中小 (remembered on this device), 打印, 关闭. Shown only when
// this script runs: without JavaScript the browser's own zoom and print still serve.
(function () {
  var bar = document.querySelector(".reading");
  var article = document.getElementById("article");
  if (!bar) return;
  var sizes = { large: "1.25em", medium: "1em", small: ".9em" };
  function setSize(name) {
    if (!article || !sizes[name]) return;
    article.style.fontSize = sizes[name];
    bar.querySelectorAll("[data-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.size === name));
    });
    try { localStorage.setItem("xxgk-size", name); } catch (e) { /* private mode: not remembered */ }
  }
  bar.addEventListener("click", function (event) {
    var b = event.target.closest("button");
    if (!b) return;
    if (b.dataset.size) setSize(b.dataset.size);
    else if (b.dataset.action === "print") window.print();
    else if (b.dataset.action === "close") {
      // A tab the portal opened closes; otherwise go back to where the reader came from, or the list.
      window.close();
      if (history.length > 1) history.back(); else location.href = b.dataset.back;
    }
  });
  try { setSize(localStorage.getItem("xxgk-size") || "medium"); } catch (e) { setSize("medium"); }
  bar.hidden = false;
})();
