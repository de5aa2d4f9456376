// Keyboard review and text selection for the baocao review pages. Plain JavaScript, no
// build step: select a figure (j/k), accept (a), reject (r), correct (c), audit (o); select
// text to add a missing figure. Offsets come from data-o: the offset of each piece's first
// character in the document's normalised text.
(function () {
  "use strict";
  const doc = document.querySelector(".doc");
  const typing = (el) => el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");

  // check before submitting: the answer comes into the page, so the chosen file stays
  // chosen for the submit button
  const checkForm = document.getElementById("check-form");
  if (checkForm) {
    document.getElementById("check-button").addEventListener("click", async (e) => {
      if (!checkForm.reportValidity()) return;
      e.preventDefault();
      const result = document.getElementById("check-result");
      result.textContent = "Đang đọc…";
      const answer = await fetch("/check", { method: "POST", body: new FormData(checkForm) });
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const found = page.getElementById("check-result") || page.querySelector("main");
      result.replaceChildren(...Array.from(found.childNodes));
    });
    return;
  }

  if (!doc) {
    // the queue: j/k move between documents, Enter opens, / searches
    const rows = Array.from(document.querySelectorAll(".doc-row"));
    let at = -1;
    const show = (i) => {
      rows.forEach((r) => r.classList.remove("selected"));
      if (rows[i]) { rows[i].classList.add("selected"); rows[i].scrollIntoView({ block: "nearest" }); at = i; }
    };
    document.addEventListener("keydown", (e) => {
      if (typing(document.activeElement) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "/") { e.preventDefault(); const s = document.getElementById("search"); if (s) s.focus(); }
      else if (e.key === "j" || e.key === "n") show(Math.min(at + 1, rows.length - 1));
      else if (e.key === "k" || e.key === "p") show(Math.max(at - 1, 0));
      else if (e.key === "Enter" && rows[at]) rows[at].querySelector("a.doc-link").click();
    });
    return;
  }

  const facts = Array.from(document.querySelectorAll("article.fact"));
  let current = null;

  function marksOf(id) {
    return document.querySelectorAll('[data-facts~="' + id + '"], .box[data-fact="' + id + '"]');
  }

  function select(id, scroll) {
    document.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    const card = document.getElementById("fact-" + id);
    if (!card) return;
    current = card;
    card.classList.add("selected");
    marksOf(id).forEach((el) => el.classList.add("selected"));
    if (scroll !== false) {
      card.scrollIntoView({ block: "nearest" });
      const mark = document.querySelector('mark[data-facts~="' + id + '"], .box[data-fact="' + id + '"]');
      if (mark) mark.scrollIntoView({ block: "center" });
    }
    const next = facts[facts.indexOf(card) + 1];
    card.querySelectorAll('input[name="next_fact"]').forEach((i) => { i.value = next ? next.dataset.fact : card.dataset.fact; });
    history.replaceState(null, "", "?fact=" + encodeURIComponent(id) + "#fact-" + id);
  }

  function move(step) {
    if (!facts.length) return;
    const i = current ? facts.indexOf(current) : -1;
    const j = Math.max(0, Math.min(facts.length - 1, i < 0 ? 0 : i + step));
    select(facts[j].dataset.fact);
  }

  facts.forEach((card) => card.addEventListener("click", (e) => {
    if (!typing(e.target) && e.target.tagName !== "BUTTON" && e.target.tagName !== "A") select(card.dataset.fact, false);
  }));
  document.querySelectorAll("mark.fig, .box, td.cell-marked, [data-select]").forEach((el) => el.addEventListener("click", (e) => {
    const id = el.dataset.select || el.dataset.fact || (el.dataset.facts || "").split(" ")[0];
    if (id) { e.preventDefault(); select(id); }
  }));

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (typing(document.activeElement) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j" || e.key === "n") { e.preventDefault(); move(1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); move(-1); }
    else if (!current) return;
    else if (e.key === "a") { e.preventDefault(); on("form.act-accept", (f) => f.submit()); }
    else if (e.key === "r") { e.preventDefault(); on("form.act-reject", (f) => f.submit()); }
    else if (e.key === "c") { e.preventDefault(); on("form.act-correct .new-value", (i) => i.focus()); }
    else if (e.key === "o") { e.preventDefault(); on("a.audit-link", (a) => a.click()); }
  });
  function on(selector, action) {
    // the selected figure's control, where the page has it (a reader's page has no forms)
    const el = current.querySelector(selector);
    if (el) action(el);
  }

  // adding a missing figure: the selection's offsets in the normalised text
  function withOffset(node, last) {
    // the piece (an element with data-o) that is, or is inside, node: its first or last
    if (!node || node.nodeType !== Node.ELEMENT_NODE) return null;
    if (node.dataset.o !== undefined && !node.querySelector("[data-o]")) return node;
    const all = node.querySelectorAll("[data-o]");
    return all.length ? all[last ? all.length - 1 : 0] : null;
  }
  function offsetOf(node, offset, isEnd) {
    // a selection boundary as an offset into the normalised text
    if (node.nodeType === Node.TEXT_NODE) {
      let el = node.parentElement;
      while (el && el.dataset && el.dataset.o === undefined) el = el.parentElement;
      return el && el.dataset ? Number(el.dataset.o) + offset : null;
    }
    const child = node.childNodes[isEnd ? offset - 1 : offset];
    const piece = withOffset(child && child.nodeType === Node.TEXT_NODE ? child.parentElement : child, isEnd);
    if (!piece) return null;
    return Number(piece.dataset.o) + (isEnd ? piece.textContent.length : 0);
  }
  const text = document.getElementById("text");
  function useSpan(start, end, shown, value) {
    if (!document.getElementById("add-fact")) return;
    document.getElementById("add-start").value = start;
    document.getElementById("add-end").value = end;
    document.getElementById("add-quote").value = "";
    document.getElementById("selection").textContent = "«" + shown + "» (ký tự " + start + "–" + end + ")";
    const match = value || (shown.match(/\d[\d.,]*/) || [""])[0].replace(/[.,]$/, "");
    if (match) document.getElementById("add-value").value = match;
  }
  if (text) text.addEventListener("mouseup", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !text.contains(sel.anchorNode)) return;
    const range = sel.getRangeAt(0);
    const a = offsetOf(range.startContainer, range.startOffset, false);
    const b = offsetOf(range.endContainer, range.endOffset, true);
    if (a === null || b === null || b <= a) return;
    useSpan(a, b, sel.toString().trim(), "");
  });
  document.querySelectorAll("button.promote").forEach((button) => button.addEventListener("click", () => {
    useSpan(Number(button.dataset.start), Number(button.dataset.end), button.textContent, button.dataset.value);
    const form = document.getElementById("add-fact");
    if (form) form.scrollIntoView({ block: "nearest" });
  }));

  const wanted = doc.dataset.selected || (location.hash.startsWith("#fact-") ? location.hash.slice(6) : "");
  if (wanted && document.getElementById("fact-" + wanted)) select(wanted);
})();
