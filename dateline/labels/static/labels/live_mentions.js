// The labels part of the story form follows the text as the editor types: after a pause, the
// form as it stands goes to the server, and the mentions it finds replace the part's summary.
(() => {
  const PAUSE_MS = 600;
  const summary = () => document.querySelector("[data-live-mentions-url]");
  const form = summary()?.closest("form");
  if (!form) return;
  let timer = null;
  let pending = null;

  const refresh = async () => {
    const box = summary();
    if (!box) return;
    pending?.abort();
    pending = new AbortController();
    try {
      const response = await fetch(box.dataset.liveMentionsUrl, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (response.ok) box.outerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") console.warn("Mentions not refreshed:", error);
    }
  };
  const later = (event) => {
    if (event.target.closest?.("[data-live-mentions-url]")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, PAUSE_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
