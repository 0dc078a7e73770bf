// Below 900 px the main menu folds behind its button (otdel.css reads data-menu). Without this
// script the button stays hidden and the menu open, so every page is still reachable.
(() => {
  const button = document.querySelector(".menu-toggle");
  if (!button) return;
  const header = button.closest(".topbar");
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    header.dataset.menu = open ? "open" : "closed";
  };
  show(false);
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    show(false);
    button.focus();
  });
})();

// Escape closes the user's menu and the leaders' group of the main one too, as it closes the
// main menu (the group's own Escape stops there: the folded menu around it stays open).
(() => {
  for (const menu of document.querySelectorAll(".topbar details.dropdown")) {
    menu.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !menu.open) return;
      event.stopPropagation();
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  }
})();

// A table wider than the screen scrolls inside its .scroll wrapper; the wrapper then takes the
// keyboard focus, so the arrow keys scroll it too (WCAG 2.1.1).
(() => {
  const mark = () => {
    for (const wrapper of document.querySelectorAll(".scroll, .overflow-auto, .board")) {
      if (wrapper.scrollWidth > wrapper.clientWidth) wrapper.setAttribute("tabindex", "0");
      else wrapper.removeAttribute("tabindex");
    }
  };
  mark();
  window.addEventListener("resize", mark);
})();

// A box in a table's head ticks every row's box of its name (data-tick-all="companies").
document.addEventListener("change", (event) => {
  const name = event.target.dataset?.tickAll;
  if (!name) return;
  for (const box of document.querySelectorAll(`input[name="${name}"]`)) {
    box.checked = event.target.checked;
  }
});
