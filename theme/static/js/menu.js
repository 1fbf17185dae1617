// On narrow screens the section bar is folded behind its button by site.css from the first
// paint (nothing moves when this script arrives); this opens and closes it. Without
// JavaScript css/nojs.css keeps it open. The button says whether it is open (aria-expanded).
document.querySelectorAll("[data-menu]").forEach(function (button) {
  var list = document.getElementById(button.getAttribute("aria-controls"));
  if (!list) return;
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    list.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  list.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches) { show(false); button.focus(); }
  });
  narrow.addEventListener("change", function () { show(false); });
});
