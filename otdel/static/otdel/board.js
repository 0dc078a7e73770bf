// Drag a card to another column; the server decides. A refused move puts the card back and
// shows the server's reason, so the method's order is enforced in one place.
(function () {
  const board = document.querySelector(".board");
  if (!board) return;
  const error = document.getElementById("board-error");
  const csrf = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  let dragged = null;

  function updateCount(column) {
    column.querySelector("h3 small").textContent = column.querySelectorAll(".card").length;
  }

  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".card");
    event.dataTransfer.setData("text/plain", dragged.dataset.company);
  });
  board.querySelectorAll(".column").forEach((column) => {
    column.addEventListener("dragover", (event) => event.preventDefault());
    column.addEventListener("drop", async (event) => {
      event.preventDefault();
      if (!dragged || dragged.parentElement === column) return;
      const from = dragged.parentElement;
      column.appendChild(dragged);
      const body = new URLSearchParams({ state: column.dataset.state });
      const response = await fetch(`/companies/${dragged.dataset.company}/move/`, {
        method: "POST",
        headers: { "X-CSRFToken": csrf, "HX-Request": "true" },
        body,
      });
      if (response.ok) {
        error.hidden = true;
        [from, column].forEach(updateCount);
      } else {
        from.appendChild(dragged);
        const data = await response.json().catch(() => ({ detail: response.statusText }));
        error.textContent = data.detail;
        error.hidden = false;
      }
      dragged = null;
    });
  });
})();
