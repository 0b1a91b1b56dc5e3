/* A button with data-wk-print opens the browser's print dialog (no inline script: CSP). */
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-wk-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
