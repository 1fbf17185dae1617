// The share button: the phone's share sheet (Zalo, Messenger...) where the browser has the
// Web Share API, else a copy of the story's address. Hidden when neither exists (the plain
// Facebook and email links remain). The button's own text confirms a copy, so screen
// readers hear it through the polite live region.
document.querySelectorAll("[data-copy-link]").forEach(function (button) {
  var url = button.dataset.copyLink;
  var title = button.dataset.shareTitle || document.title;
  var canShare = typeof navigator.share === "function" &&
    (typeof navigator.canShare !== "function" || navigator.canShare({ title: title, url: url }));
  if (!canShare && !navigator.clipboard) return;
  var label = canShare ? button.dataset.shareLabel : button.textContent;
  button.textContent = label;
  button.setAttribute("aria-live", "polite");
  button.hidden = false;

  function copy() {
    navigator.clipboard.writeText(url).then(function () {
      button.textContent = button.dataset.copied;
      setTimeout(function () { button.textContent = label; }, 3000);
    });
  }

  button.addEventListener("click", function () {
    if (!canShare) return copy();
    navigator.share({ title: title, url: url }).catch(function (error) {
      // Closing the share sheet is the reader's choice; any other failure falls back to a copy.
      if (error && error.name !== "AbortError" && navigator.clipboard) copy();
    });
  });
});
