// Finds what a person could not read or reach on the current page: elements cut off by the viewport
// or by an ancestor that hides overflow (unless that ancestor scrolls), text cut inside its own box,
// and controls or text covered by another element. Returns one line per problem.
() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!(r.width > 1 && r.height > 1 && s.visibility !== "hidden" && s.opacity !== "0")) return false;
    for (let a = el.parentElement; a; a = a.parentElement) {  // inside a closed <details> or a visually hidden box
      if (a.tagName === "DETAILS" && !a.open) {  // only the closed <details>' own summary shows
        const summary = el.closest("summary");
        if (!summary || summary.parentElement !== a) return false;
      }
      const box = a.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return false;
    }
    return true;
  };
  const name = (el) => {
    const id = el.id ? "#" + el.id : "";
    const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".") : "";
    return `${el.tagName.toLowerCase()}${id}${cls} "${(el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`;
  };
  const problems = [];
  const selector = "button, a, input:not([type=file]):not([type=hidden]), textarea, select, summary, label, td, th, p, h1, h2, h3, h4, li, blockquote, [role=tab]";
  const items = [...document.querySelectorAll(selector)].filter(shown).filter((el) => !el.closest(".sr-only, [aria-hidden=true]"));
  for (const el of items) {
    const r = el.getBoundingClientRect();
    let scrolled = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll)/.test(s.overflowX)) { scrolled = true; break; }
      if (/(hidden|clip)/.test(s.overflowX)) {
        const box = a.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) problems.push(`clipped by ${name(a)}: ${name(el)}`);
        break;
      }
    }
    if (!scrolled && (r.left < -1 || r.right > width + 1)) problems.push(`outside the viewport (${Math.round(r.left)}..${Math.round(r.right)} of ${width}): ${name(el)}`);
    const s = getComputedStyle(el);
    const leaf = !el.querySelector(selector);
    if (leaf && /(hidden|clip)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 2 && !/(input|textarea|select)/i.test(el.tagName)) {
      problems.push(`text cut off inside its box: ${name(el)}`);
    }
  }
  // Covered: the element itself (or its own content) must be what is under its centre and its left and
  // right edges. Each element is scrolled to the middle of the viewport first.
  const targets = items.filter((el) => el.matches("button, a, input, textarea, select, summary, [role=tab], p, td, li, h1"));
  for (const el of targets) {
    el.scrollIntoView({ block: "center", inline: "nearest" });
    const r = el.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= window.innerHeight) continue;
    const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
    for (const x of [r.left + 3, r.left + r.width / 2, r.right - 3]) {
      if (x < 0 || x >= width) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && !el.contains(hit) && !hit.contains(el) && !(hit.closest("label") && hit.closest("label").contains(el))) {
        problems.push(`covered by ${name(hit)}: ${name(el)}`);
        break;
      }
    }
  }
  window.scrollTo(0, 0);
  return [...new Set(problems)];
}
