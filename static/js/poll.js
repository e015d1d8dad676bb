// Reload the page once the background check of a submission has finished.
(function () {
  const el = document.querySelector("[data-poll-url]");
  if (!el) return;
  const url = el.dataset.pollUrl;
  let delay = 800;
  async function tick() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok && (await response.json()).done) { window.location.reload(); return; }
    } catch (e) { /* network hiccup: try again */ }
    delay = Math.min(delay * 1.5, 5000);
    setTimeout(tick, delay);
  }
  setTimeout(tick, delay);
})();
