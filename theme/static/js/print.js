// Reveals the print button (hidden without JavaScript) and wires it to the browser's print.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
