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

// Length limits: a field with a limit carries data-maxlength, not maxlength (with which the browser
// silently cuts pasted text). A counter under it appears near the limit and warns past it; the server
// refuses a text that is too long with a clear message, with or without this script.
const COUNT_FROM = 0.8; // share of the limit from which the counter shows

function lengthAsSent(field) {
  // As the server counts: characters, not UTF-16 units, and a line break in a textarea is sent as CR LF.
  const characters = [...field.value].length;
  const breaks = field.tagName === "TEXTAREA" ? (field.value.match(/\n/g) || []).length : 0;
  return characters + breaks;
}

function lengthCounter(field) {
  let counter = document.getElementById(`${field.id}-length`);
  if (!counter) {
    counter = document.createElement("span");
    counter.id = `${field.id}-length`;
    counter.className = "length-count";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
  }
  return counter;
}

function showLength(field) {
  const limit = Number(field.dataset.maxlength);
  const count = lengthAsSent(field);
  if (!field.id || !limit || (count < limit * COUNT_FROM && !document.getElementById(`${field.id}-length`))) return;
  const counter = lengthCounter(field);
  const over = count > limit;
  const text = document.body.dataset[over ? "lengthOver" : "lengthCount"];
  counter.textContent = text.replace("{count}", count).replace("{limit}", limit);
  counter.classList.toggle("over", over);
  counter.hidden = count < limit * COUNT_FROM;
}

document.addEventListener("input", (event) => {
  if (event.target.matches?.("[data-maxlength]")) showLength(event.target);
});
// Fields filled in by the server (a form shown again with its errors) and fields htmx brings in.
document.querySelectorAll("[data-maxlength]").forEach(showLength);
document.addEventListener("htmx:load", (event) => event.detail.elt.querySelectorAll?.("[data-maxlength]").forEach(showLength));
