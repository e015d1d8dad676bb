// The filing package page: follow the runs being built, update their progress bars and reload the
// page once every one of them has finished (then the download links show).
(function () {
  const cells = Array.from(document.querySelectorAll("[data-status-url]"));
  if (!cells.length) return;
  let delay = 1000;
  async function tick() {
    let pending = 0;
    for (const cell of cells) {
      try {
        const response = await fetch(cell.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) { pending += 1; continue; }
        const state = await response.json();
        const bar = cell.querySelector("progress");
        if (bar) { bar.value = state.progress; bar.textContent = state.progress + "%"; }
        if (!state.done) pending += 1;
      } catch (e) { pending += 1; /* network hiccup: try again */ }
    }
    if (!pending) { window.location.reload(); return; }
    delay = Math.min(delay * 1.5, 5000);
    setTimeout(tick, delay);
  }
  setTimeout(tick, delay);
})();
