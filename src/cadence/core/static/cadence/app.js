// Small enhancements on top of htmx; every page works without this file.
document.addEventListener("click", (event) => {
  // Org chart: once a level is loaded, its button folds and unfolds it without asking the server again.
  const button = event.target.closest("[data-expand]");
  if (!button) return;
  const list = document.getElementById(button.getAttribute("aria-controls"));
  if (!list || !list.children.length) return; // not loaded yet: htmx fetches it
  event.preventDefault();
  event.stopImmediatePropagation();
  const open = button.getAttribute("aria-expanded") === "true";
  list.hidden = open;
  button.setAttribute("aria-expanded", String(!open));
}, true);

document.addEventListener("htmx:afterSwap", (event) => {
  const list = event.detail.target;
  const button = document.querySelector(`[data-expand][aria-controls="${list.id}"]`);
  if (button) {
    list.hidden = false;
    button.setAttribute("aria-expanded", "true");
  }
});

// Copy buttons: <button data-copy="input-id" data-copied="Copied" hidden> copies the input's value.
// Hidden until this script runs, since without it there is nothing to click; the text stays selectable.
document.querySelectorAll("[data-copy]").forEach((button) => { button.hidden = !navigator.clipboard; });
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  await navigator.clipboard.writeText(field.value);
  button.textContent = button.dataset.copied;
});
