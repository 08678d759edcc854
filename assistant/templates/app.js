() => {
  // Runs once when the page loads. Clicking [n] in an answer opens that answer's own source n; the copy
  // button copies the answer with its sources as plain text; the theme choice is remembered.
  // Gradio may re-render the chat after an answer (the events that follow it finish), which would close
  // whatever the reader just opened: opened sources are remembered by id and reopened after each render.
  const stored = localStorage.getItem("aidf-theme");
  if (stored === "dark") document.body.classList.add("dark");
  if (stored === "light") document.body.classList.remove("dark");

  const plain = (answer) => {
    const lines = [];
    answer.querySelectorAll(":scope > p").forEach((p) => lines.push(p.innerText.trim()));
    const items = answer.querySelectorAll(".aidf-source");
    if (items.length) lines.push("", "Sources:");
    items.forEach((li) => {
      const summary = li.querySelector("summary").innerText.replace(/\s+/g, " ").trim();
      const link = li.querySelector("a[href^='http']");
      const quote = li.querySelector(".aidf-passage mark");
      lines.push(summary + (link ? " <" + link.href + ">" : ""));
      if (quote) lines.push("  > " + quote.innerText.replace(/\s+/g, " ").trim());
    });
    return lines.join("\n");
  };

  const opened = new Set();
  let closedByReader = "";  // the source whose summary the reader just clicked to close it
  const keyOf = (details) => (details.id || (details.parentElement && details.parentElement.id) || "");
  const reopen = () => opened.forEach((key) => {
    const holder = document.getElementById(key);
    const details = holder && (holder.matches("details") ? holder : holder.querySelector(":scope > details"));
    if (details && !details.open) details.open = true;
  });
  let answers = 0;
  new MutationObserver(() => {
    const now = document.querySelectorAll("#chatbot .bot-row").length;
    if (now < answers) opened.clear();  // a new conversation reuses the ids
    answers = now;
    reopen();
  }).observe(document.body, { childList: true, subtree: true });
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (!(details instanceof HTMLDetailsElement) || !details.closest("#chatbot") || !details.isConnected) return;
    const key = keyOf(details);
    if (!key) return;
    if (details.open) opened.add(key);
    else if (key === closedByReader) opened.delete(key);  // not a render resetting the element
  }, true);

  document.addEventListener("click", (event) => {
    const summary = event.target.closest("#chatbot summary");
    closedByReader = summary && summary.parentElement.open ? keyOf(summary.parentElement) : "";
    const cite = event.target.closest("a.aidf-cite");
    if (cite) {
      event.preventDefault();
      const target = document.getElementById(cite.getAttribute("href").slice(1));
      if (!target) return;
      const list = target.closest("details.aidf-sources");
      if (list) { list.open = true; opened.add(keyOf(list)); }
      const own = target.querySelector("details");
      if (own) { own.open = true; opened.add(keyOf(own)); }
      document.querySelectorAll(".aidf-target").forEach((el) => el.classList.remove("aidf-target"));
      target.classList.add("aidf-target");
      target.scrollIntoView({ block: "nearest" });
      const summary = target.querySelector("summary");
      if (summary) summary.focus({ preventScroll: true });
      return;
    }
    const copy = event.target.closest("button.aidf-copy");
    if (copy) {
      event.preventDefault();
      const text = plain(copy.closest(".aidf-answer"));
      const done = () => { copy.textContent = "Copied"; setTimeout(() => { copy.textContent = "Copy answer and sources"; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => {});
      return;
    }
  }, true);
}
