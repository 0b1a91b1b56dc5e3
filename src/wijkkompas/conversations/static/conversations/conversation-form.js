// Conversation form, for keyboard users (the form works without this script):
// * Enter in a one-line field (text, date, checkbox, radio …) does not send half a form;
//   without the script the disabled default button at the top of the form does this for
//   text fields, but browsers send the form from a date field regardless;
// * Ctrl+Enter (or Cmd+Enter) saves from any field, so nobody has to tab to the end.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-wk-submit-shortcut]").forEach((form) => {
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      if (event.ctrlKey || event.metaKey) {
        const button = form.querySelector(".wk-submit-row button[type=submit]");
        if (!button) return;
        event.preventDefault();
        form.requestSubmit(button);
        return;
      }
      const target = event.target;
      if (target instanceof HTMLInputElement && !["submit", "button", "reset"].includes(target.type)) {
        event.preventDefault();
      }
    });
  });
});
