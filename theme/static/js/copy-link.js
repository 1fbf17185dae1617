// Reveals the copy-link button where the Clipboard API exists; the button's own text
// confirms the copy, so screen readers hear it through the polite live region.
document.querySelectorAll("[data-copy-link]").forEach(function (button) {
  if (!navigator.clipboard) return;
  var label = button.textContent;
  button.setAttribute("aria-live", "polite");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
      button.textContent = button.dataset.copied;
      setTimeout(function () { button.textContent = label; }, 3000);
    });
  });
});
