// Keyboard first: "/" goes to the search box, "c" opens "Log a call", "?" lists the keys;
// Ctrl+Enter in a text area sends its form. Letters typed into a field stay in the field.
// The help's words come translated on this script's tag (base.html).
(function () {
  const words = document.currentScript.dataset;

  function typing(target) {
    return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  }

  function focusCall(slot) {
    const form = slot.querySelector("[data-call-log-form]");
    if (!form) return;
    const dialog = slot.closest("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    (form.querySelector("[aria-invalid=true]") || form.querySelector("textarea")).focus();
  }

  // "c" in a row of a list logs that row's call once a field of the row has the focus,
  // else the first one of the page: the list's most urgent, or the company card's panel.
  function openCall() {
    const row = document.activeElement && document.activeElement.closest("[data-call-row]");
    const trigger =
      (row && row.querySelector("[data-call-log]")) || document.querySelector("[data-call-log]");
    if (!trigger) return false;
    if (trigger.tagName === "DETAILS") {
      trigger.open = true;
      focusCall(trigger);
    } else {
      trigger.click();
    }
    return true;
  }

  let help = null;
  function toggleHelp() {
    if (!help) {
      help = document.createElement("dialog");
      help.setAttribute("aria-label", words.helpTitle);
      const article = document.createElement("article");
      const title = document.createElement("strong");
      title.textContent = words.helpTitle;
      const list = document.createElement("table");
      [
        ["/", words.helpSearch],
        ["c", words.helpCall],
        ["Ctrl+Enter", words.helpSubmit],
        ["?", words.helpTitle],
        ["Esc", words.helpClose],
      ].forEach(([key, text]) => {
        const row = list.insertRow();
        const kbd = document.createElement("kbd");
        kbd.textContent = key;
        row.insertCell().appendChild(kbd);
        row.insertCell().textContent = text;
      });
      article.append(title, list);
      help.appendChild(article);
      help.addEventListener("click", (event) => event.target === help && help.close());
      document.body.appendChild(help);
    }
    if (help.open) help.close();
    else help.showModal();
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const form = event.target.tagName === "TEXTAREA" && event.target.form;
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (document.querySelector("dialog[open]") && event.key !== "?") return;
    // By the key's place too, so that a Russian layout ("." and "с" there) works alike.
    let handled = false;
    if (event.key === "?") {
      toggleHelp();
      handled = true;
    } else if (event.key === "/" || (event.code === "Slash" && !event.shiftKey)) {
      const search = document.getElementById("global-search");
      if (search) {
        search.focus();
        handled = true;
      }
    } else if (event.key === "c" || event.code === "KeyC") {
      handled = openCall();
    }
    if (handled) event.preventDefault();
  });

  // The call form arrives by htmx into its dialog (My work, Board) or comes back with its
  // errors: open the dialog, put the cursor where the user types next.
  document.addEventListener("htmx:afterSwap", (event) => {
    const slot = event.detail.target;
    if (slot && slot.classList && slot.classList.contains("call-log-slot")) focusCall(slot);
  });
  document.addEventListener("click", (event) => {
    const close = event.target.closest("[data-close-dialog]");
    if (close) close.closest("dialog").close();
  });
})();
