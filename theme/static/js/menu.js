// On narrow screens the section bar folds behind its button, so the news starts higher;
// without this script the bar stays open. The button says whether it is open (aria-expanded).
document.querySelectorAll("[data-menu]").forEach(function (button) {
  var list = document.getElementById(button.getAttribute("aria-controls"));
  if (!list) return;
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    list.hidden = narrow.matches && !open;
  }
  button.hidden = false;
  show(false);
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  list.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches) { show(false); button.focus(); }
  });
  narrow.addEventListener("change", function () { show(false); });
});
