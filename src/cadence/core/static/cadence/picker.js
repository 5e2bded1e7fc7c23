// The people (and team) picker: search as you type over htmx, choose with the mouse or the keyboard
// (arrow keys, Enter, Escape), chosen ones as chips with a remove button. The markup comes from
// core/widgets/picker.html and works without this file: the chips are checkboxes, and a name typed
// into the box is resolved (or its matches listed) when the form is sent. See core/picker.py.
(() => {
  "use strict";

  const DELAY = 200; // ms after the last key before asking the server

  const parts = (picker) => ({
    input: picker.querySelector("[data-picker-input]"),
    list: picker.querySelector("[data-listbox]"),
    chips: picker.querySelector("[data-chips]"),
    status: picker.querySelector("[data-picker-status]"),
  });

  const options = (list) => Array.from(list.querySelectorAll("[role=option][data-id]"));

  const chosenIds = (picker) =>
    new Set(Array.from(picker.querySelectorAll("[data-chips] input[type=checkbox]:checked"), (box) => box.value));

  const close = (picker) => {
    const { input, list } = parts(picker);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };

  const activate = (picker, option) => {
    const { input, list } = parts(picker);
    options(list).forEach((item) => item.setAttribute("aria-selected", String(item === option)));
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const announce = (picker, text) => {
    const { status } = parts(picker);
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 50);
  };

  const changed = (picker) => picker.dispatchEvent(new Event("change", { bubbles: true }));

  const addChip = (picker, id, label) => {
    const { input, chips } = parts(picker);
    if (!picker.hasAttribute("data-multiple")) chips.replaceChildren();
    if (!chosenIds(picker).has(id)) {
      const chip = picker.querySelector("[data-chip-template]").content.firstElementChild.cloneNode(true);
      chip.querySelector("input").value = id;
      chip.querySelector("[data-chip-label]").textContent = label;
      const remove = chip.querySelector("[data-remove]");
      remove.hidden = false;
      remove.setAttribute("aria-label", remove.dataset.removeLabel.replace("%(name)s", label));
      chips.append(chip);
    }
    chips.hidden = false;
    input.value = "";
    close(picker);
    announce(picker, picker.dataset.chosenText.replace("%(name)s", label));
    input.focus();
    changed(picker);
  };

  const choose = (picker, option) => {
    if (option) addChip(picker, option.dataset.id, option.dataset.label);
  };

  const setUp = (picker) => {
    if (picker.dataset.pickerReady) return;
    picker.dataset.pickerReady = "true";
    picker.classList.add("picker-js");
    const { input, list } = parts(picker);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    picker.querySelectorAll("[data-remove]").forEach((button) => { button.hidden = false; });
    let timer = null;
    const search = () => {
      window.clearTimeout(timer);
      const url = `${input.dataset.searchUrl}?q=${encodeURIComponent(input.value)}`;
      window.htmx.ajax("GET", url, { source: input, target: list, swap: "innerHTML" });
    };
    picker.pickerSearch = search;
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      delete picker.dataset.enterPending;
      if (!input.value.trim()) { close(picker); return; }
      timer = window.setTimeout(search, DELAY);
    });
    // A typed name changes nothing until it is chosen: a filter form must not reload on it.
    input.addEventListener("change", (event) => event.stopPropagation());
    input.addEventListener("keydown", (event) => {
      const items = options(list);
      const active = list.querySelector("[aria-selected=true]");
      const at = items.indexOf(active);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden || !items.length) return;
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        activate(picker, items[(at + step + items.length) % items.length]);
      } else if (event.key === "Enter" && input.value.trim()) {
        event.preventDefault(); // a name in the box is chosen, never sent with the form
        if (!list.hidden && items.length && !picker.dataset.searching) {
          choose(picker, active || (items.length === 1 ? items[0] : null));
        } else {
          picker.dataset.enterPending = "true"; // the matches are on their way: take a single one
          search();
        }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close(picker);
      } else if (event.key === "Backspace" && !input.value && picker.hasAttribute("data-multiple")) {
        const last = picker.querySelector("[data-chips] li:last-child [data-remove]");
        if (last) last.focus();
      }
    });
    input.addEventListener("blur", () => window.setTimeout(() => close(picker), 150));
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the box
    list.addEventListener("click", (event) => choose(picker, event.target.closest("[role=option][data-id]")));
  };

  // A search is on its way: Enter waits for it rather than choosing from the previous matches.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const picker = event.detail.target?.matches?.("[data-listbox]") && event.detail.target.closest("[data-picker]");
    if (picker) picker.dataset.searching = "true";
  });

  // The matches arrived: number them for aria-activedescendant, leave out those already chosen.
  document.addEventListener("htmx:afterSwap", (event) => {
    const list = event.detail.target;
    if (!list.matches?.("[data-listbox]")) return;
    const picker = list.closest("[data-picker]");
    delete picker.dataset.searching;
    const taken = chosenIds(picker);
    options(list).forEach((option, index) => {
      option.id = `${list.id}-${index}`;
      if (taken.has(option.dataset.id)) option.remove();
    });
    const { input } = parts(picker);
    const open = list.children.length > 0 && document.activeElement === input && input.value.trim() !== "";
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open && options(list).length > 0));
    if (open) announce(picker, picker.dataset.countText.replace("%(n)s", options(list).length));
    if (picker.dataset.enterPending) {
      delete picker.dataset.enterPending;
      if (options(list).length === 1) choose(picker, options(list)[0]);
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-picker] [data-remove]");
    if (!button) return;
    const picker = button.closest("[data-picker]");
    const chip = button.closest("li");
    const label = chip.querySelector("[data-chip-label]").textContent;
    chip.remove();
    const { input, chips } = parts(picker);
    chips.hidden = !chips.children.length;
    announce(picker, picker.dataset.removedText.replace("%(name)s", label));
    input.focus();
    changed(picker);
  });

  const setUpAll = (root) => root.querySelectorAll?.("[data-picker]").forEach(setUp);
  setUpAll(document);
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
