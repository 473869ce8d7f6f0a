// The header's menu is open in the page as served (so it works without JavaScript); on a phone
// it folds into 菜单 so the header takes one line. Loaded right after the header, not deferred:
// folding it after the page was drawn moved everything under a finger about to tap.
(function () {
  var menu = document.querySelector("header.site details.menu");
  if (!menu || !window.matchMedia) return;
  var phone = window.matchMedia("(max-width: 40rem)");
  function fit() { menu.open = !phone.matches; }
  fit();
  if (phone.addEventListener) phone.addEventListener("change", fit);
})();
