// Small progressive enhancements; the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions (forms marked data-confirm).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
