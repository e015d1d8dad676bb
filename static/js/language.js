// The language chooser (templates/components/language_chooser.html) submits as soon as a language is
// chosen; without JavaScript its button does. A file of its own: the CSP allows no inline script.
document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
  const form = select.form;
  form.querySelectorAll("[data-hide-with-script]").forEach((button) => { button.hidden = true; });
  select.addEventListener("change", () => form.submit());
});
