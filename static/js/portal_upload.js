// Supplier portal: upload a CMRT with a progress bar, then follow its background check and put the
// result on the page without a reload. Texts come from the form's data-text-* attributes (translated
// by the template); no inline script anywhere, as the Content-Security-Policy requires.
(function () {
  const result = document.querySelector("[data-upload-result]");
  const history = document.querySelector("[data-upload-history]");
  const form = document.querySelector("form[data-upload]");
  const bar = form && form.querySelector("[data-upload-progress]");
  const status = form && form.querySelector("[data-upload-status]");
  const say = (text, failed) => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("error-text", Boolean(failed));
  };

  function poll(url) {
    let delay = 700;
    async function tick() {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (response.ok) {
          const answer = await response.json();
          if (answer.done) {
            if (result) result.innerHTML = answer.html;
            if (history && answer.history) history.innerHTML = answer.history;
            const badge = document.querySelector("[data-request-status]");
            if (badge && answer.request_status) badge.innerHTML = answer.request_status;
            if (bar) bar.hidden = true;
            if (form) { say(form.dataset.textDone); form.reset(); }
            if (result) result.scrollIntoView({ behavior: "smooth", block: "start" });
            return;
          }
        }
      } catch (e) { /* a network hiccup: ask again */ }
      delay = Math.min(delay * 1.5, 5000);
      setTimeout(tick, delay);
    }
    setTimeout(tick, delay);
  }

  // A page opened while a check is still running follows it too.
  const running = document.querySelector("[data-poll-url]");
  if (running) poll(running.dataset.pollUrl);

  if (!form) return;
  form.addEventListener("submit", (event) => {
    const input = form.querySelector("input[type=file]");
    if (!input.files.length) return; // the browser's own "required" message
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("X-CSRFToken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    say(form.dataset.textUploading.replace("%(percent)s", "0%"));
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      say(form.dataset.textUploading.replace("%(percent)s", percent + "%"));
    });
    request.addEventListener("load", () => {
      button.disabled = false;
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { /* not JSON: a server error page */ }
      if (request.status >= 400 || !answer.status_url) {
        bar.hidden = true;
        say(answer.error || form.dataset.textFailed, true);
        return;
      }
      bar.removeAttribute("value"); // no value: the bar shows that work goes on, for the check
      say(form.dataset.textChecking);
      poll(answer.status_url);
    });
    request.addEventListener("error", () => {
      button.disabled = false;
      bar.hidden = true;
      say(form.dataset.textFailed, true);
    });
    request.send(new FormData(form));
  });
})();
