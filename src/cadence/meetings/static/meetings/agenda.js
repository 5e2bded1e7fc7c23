// Drag and drop of talking points on a 1:1 agenda (native HTML5 drag and drop, no framework).
// The list is reordered in place while dragging; on release the whole new order is posted to the
// reorder endpoint with the order the drag started from (the agenda's version: if someone changed
// the agenda meanwhile, the answer says so and shows it as it is now), which answers with the
// agenda partial that replaces the section. Keyboard users
// and pages without JavaScript keep the up/down buttons; the listeners sit on the document so they
// survive htmx swapping the agenda.
(() => {
  "use strict";

  const ITEM = "#agenda ol[data-reorder-url] > li[data-point]";
  let dragged = null;
  let startOrder = "";

  const orderOf = (list) => Array.from(list.querySelectorAll(":scope > li[data-point]"), (li) => li.dataset.point);

  const csrfToken = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch {
      return "";
    }
  };

  const showHints = () => {
    document.querySelectorAll("#agenda [data-drag-hint]").forEach((hint) => { hint.hidden = false; });
  };

  const replaceAgenda = (html) => {
    const agenda = document.getElementById("agenda");
    if (!agenda) return;
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const fresh = holder.querySelector("#agenda");
    if (!fresh) return;
    agenda.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh); // its buttons post through htmx again
    showHints();
  };

  const saveOrder = async (list, previous) => {
    const body = new URLSearchParams();
    orderOf(list).forEach((id) => body.append("order", id));
    previous.forEach((id) => body.append("previous", id));
    list.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(list.dataset.reorderUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
        body,
      });
      if (!response.ok) throw new Error(`reorder failed: ${response.status}`);
      replaceAgenda(await response.text());
    } catch {
      window.location.reload(); // show what the server has rather than a list that was not saved
    }
  };

  document.addEventListener("dragstart", (event) => {
    const item = event.target.closest ? event.target.closest(ITEM) : null;
    if (!item) return;
    dragged = item;
    startOrder = orderOf(item.parentElement).join(",");
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.point); // Firefox starts a drag only with data
  });

  document.addEventListener("dragover", (event) => {
    if (!dragged) return;
    const over = event.target.closest ? event.target.closest(ITEM) : null;
    if (!over || over.parentElement !== dragged.parentElement) return;
    event.preventDefault(); // allows the drop here
    event.dataTransfer.dropEffect = "move";
    if (over === dragged) return;
    const box = over.getBoundingClientRect();
    const before = event.clientY < box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, before ? over : over.nextSibling);
  });

  document.addEventListener("drop", (event) => {
    if (dragged && event.target.closest && event.target.closest(ITEM)) event.preventDefault();
  });

  document.addEventListener("dragend", () => {
    if (!dragged) return;
    const item = dragged;
    dragged = null;
    item.classList.remove("dragging");
    const list = item.parentElement;
    if (list && orderOf(list).join(",") !== startOrder) saveOrder(list, startOrder.split(","));
  });

  document.addEventListener("htmx:afterSettle", showHints);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showHints);
  else showHints();
})();
