// Conversation form: Ctrl+Enter (or Cmd+Enter) saves from any field, so a professional who
// works with the keyboard need not tab to the end. The form works without this script.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-wk-submit-shortcut]").forEach((form) => {
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      const button = form.querySelector(".wk-submit-row button[type=submit]");
      if (!button) return;
      event.preventDefault();
      form.requestSubmit(button);
    });
  });
});
