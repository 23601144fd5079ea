// Web page for officials and drafters: ask, search, precedent wording, documents.
// No framework, no CDN: the service runs on offline machines.
"use strict";

const $ = (sel) => document.querySelector(sel);
const PAGE_SIZE = 10;
let lastSearch = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const key = localStorage.getItem("apiKey");
  if (key) headers["X-API-Key"] = key;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(options.json);
  }
  const res = await fetch(path, Object.assign({}, options, { headers }));
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const msg = data.error ? data.error.message : res.statusText;
    const err = new Error(`${res.status}: ${msg}`);
    err.details = data.error ? data.error.details : undefined;
    throw err;
  }
  return data;
}

function filters() {
  const f = {};
  const pairs = [["province", "#f-province"], ["locality", "#f-locality"], ["doc_type", "#f-type"],
                 ["since", "#f-since"], ["until", "#f-until"]];
  for (const [name, sel] of pairs) {
    const v = $(sel).value.trim();
    if (v) f[name] = v;
  }
  return f;
}

function setStatus(text, isError = false) {
  const s = $("#status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

function marked(text, spans) {
  // text with <mark> around [start, end] spans (built as DOM nodes: no HTML injection)
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [a, b] of spans || []) {
    if (a < pos) continue;
    frag.append(text.slice(pos, a), el("mark", {}, text.slice(a, b)));
    pos = b;
  }
  frag.append(text.slice(pos));
  return frag;
}

function viDate(iso) {
  // ISO date as Vietnamese documents write it: dd/mm/yyyy (a year alone stays a year)
  if (!iso) return "";
  const p = iso.split("-");
  if (p.length === 3) return `${p[2]}/${p[1]}/${p[0]}`;
  if (p.length === 2) return `${p[1]}/${p[0]}`;
  return iso;
}

function shortTitle(title, limit = 90) {
  // trích yếu cut at a word boundary
  if (!title || title.length <= limit) return title || "";
  return title.slice(0, limit).replace(/\s+\S*$/, "").replace(/[\s,;:–-]+$/, "") + " …";
}

function docName(d) {
  // "Báo cáo số 18/BC-UBND, 06/03/2017, UBND thị xã Bỉm Sơn": the way officials cite it
  const kind = d.doc_type ? d.doc_type[0].toUpperCase() + d.doc_type.slice(1) : "";
  const named = kind && d.number ? `${kind} số ${d.number}` : (d.number || kind);
  return [named, viDate(d.date), d.issuer].filter(Boolean).join(", ");
}

function citeLabel(c) {
  // number, date and issuer, then the title; the file name only when nothing else is known
  const head = docName(c);
  const title = shortTitle(c.title);
  if (head && title) return `${head} — ${title}`;
  return head || title || c.source;
}

function answerText(text, citations) {
  // answer lines with clickable [n] markers
  const byN = new Map(citations.map((c) => [c.n, c]));
  const box = el("div", { class: "answer" });
  for (const line of text.split("\n")) {
    const p = el("p");
    const cited = line.match(/\[(\d+)\]/);
    const own = cited ? byN.get(Number(cited[1])) : undefined;
    const key = own && own.key_start != null
      ? own.quote.slice(own.key_start - own.start, own.key_end - own.start) : "";
    for (const part of line.split(/(\[\d+\])/)) {
      const m = part.match(/^\[(\d+)\]$/);
      if (m && byN.has(Number(m[1]))) {
        const c = byN.get(Number(m[1]));
        p.append(el("a", { href: "#", class: "cite", "data-n": m[1],
                           onclick: (e) => { e.preventDefault(); openPassage(c); } }, part));
      } else if (key && part.includes(key)) {
        // the answering span (the date, the amount …) stands out in its quote
        const at = part.indexOf(key);
        p.append(part.slice(0, at), el("strong", { class: "key" }, key), part.slice(at + key.length));
      } else p.append(part);
    }
    box.append(p);
  }
  return box;
}

function sourcesList(citations, title) {
  const ol = el("ol", { class: "sources" });
  for (const c of citations) {
    ol.append(el("li", { value: String(c.n) },
      el("a", { href: "#", class: "cite-source", onclick: (e) => { e.preventDefault(); openPassage(c); } },
         citeLabel(c)),
      c.page ? ` (tr. ${c.page})` : "",
      c.heading ? el("div", { class: "heading" }, c.heading) : null,
      c.ocr ? el("span", { class: "badge" }, "OCR") : null));
  }
  return el("div", {}, el("h3", {}, title), ol);
}

function renderAnswer(a) {
  const out = $("#results");
  out.replaceChildren();
  const kindNames = { list: "Danh sách / List", fact: "Thông tin / Fact",
                      precedent: "Cách diễn đạt / Precedent wording", document: "Văn bản / Document" };
  out.append(el("div", { class: "kind" }, kindNames[a.kind] || a.kind));
  if (!a.found) {
    out.append(el("p", { class: "not-found" }, a.answer));
    if (a.closest.length) out.append(sourcesList(a.closest, "Đoạn gần nhất / Closest passages"));
    return;
  }
  if (a.kind === "list" && a.localities.length) {
    const byN = new Map(a.citations.map((c) => [c.n, c]));
    const table = el("table", { class: "localities" },
      el("thead", {}, el("tr", {}, el("th", {}, "Địa phương"), el("th", {}, "Cấp"),
                                   el("th", {}, "Tỉnh"), el("th", {}, "Trích dẫn / Quote"))));
    const body = el("tbody");
    for (const loc of a.localities) {
      const cell = el("td");
      for (const n of loc.citations) {
        const c = byN.get(n);
        cell.append(`“${c.quote}” `, el("a", { href: "#", class: "cite", "data-n": String(n),
          onclick: (e) => { e.preventDefault(); openPassage(c); } }, `[${n}]`));
      }
      body.append(el("tr", {}, el("td", { class: "loc" }, loc.name), el("td", {}, loc.level || ""),
                     el("td", {}, loc.province || ""), cell));
    }
    table.append(body);
    out.append(table);
  } else if (a.kind === "document" && a.documents.length) {
    const ol = el("ol", { class: "documents" });
    a.documents.forEach((d, i) => {
      const c = a.citations[i];
      ol.append(el("li", {},
        el("div", { class: "doc-name" }, docName(d) || d.source),
        d.title ? el("div", { class: "doc-title" }, d.title) : null,
        c ? el("a", { href: "#", onclick: (e) => { e.preventDefault(); openPassage(c); } },
               "Xem văn bản / Open the text") : null));
    });
    out.append(ol);
  } else {
    out.append(answerText(a.answer, a.citations));
  }
  if (a.kind === "precedent") {
    for (const p of a.precedents) {
      for (const s of p.sentences) {
        if (s.standard) out.append(el("p", { class: "standard" },
          `Cách diễn đạt phổ biến (${s.documents_using_it} văn bản): “${s.standard_phrase}”`));
      }
    }
  }
  out.append(sourcesList(a.citations, "Nguồn / Sources"));
  if (a.generator !== "extractive") out.append(el("p", { class: "hint" }, `Sinh bởi ${a.generator}`));
}

function renderHits(hits, page) {
  const out = $("#results");
  out.replaceChildren();
  if (!hits.length) { out.append(el("p", { class: "not-found" }, "Không tìm thấy đoạn nào. / No matching passages.")); return; }
  hits.forEach((h, i) => {
    const c = { n: (page - 1) * PAGE_SIZE + i + 1, passage_id: h.passage_id, start: h.start,
                end: h.end, source: h.source, number: h.number, date: h.date, issuer: h.issuer,
                locality: h.locality, province: h.province, heading: h.heading, page: h.page };
    out.append(el("article", { class: "hit" },
      el("div", { class: "hit-head" },
        el("a", { href: "#", onclick: (e) => { e.preventDefault(); openPassage(c, lastSearch.query); } },
           `${c.n}. ${citeLabel(h)}`),
        el("span", { class: "score" }, h.score.toFixed(3))),
      h.heading ? el("div", { class: "heading" }, h.heading) : null,
      el("p", { class: "hit-text" }, marked(h.text, h.highlights))));
  });
  const pager = $("#pager");
  pager.replaceChildren();
  if (page > 1) pager.append(el("button", { type: "button", onclick: () => runSearch(page - 1) }, "← Trang trước"));
  pager.append(el("span", {}, ` Trang ${page} `));
  if (hits.length === PAGE_SIZE) pager.append(el("button", { type: "button", onclick: () => runSearch(page + 1) }, "Trang sau →"));
}

async function runSearch(page) {
  lastSearch.page = page;
  setStatus("Đang tìm… / Searching…");
  const hits = await api("/search", { method: "POST", json: Object.assign({ query: lastSearch.query, k: PAGE_SIZE, page }, lastSearch.filters) });
  setStatus(`${hits.length} kết quả / hits`);
  renderHits(hits, page);
}

async function submit(e) {
  e.preventDefault();
  const text = $("#q").value.trim();
  if (!text) return;
  const mode = document.querySelector("input[name=mode]:checked").value;
  $("#pager").replaceChildren();
  $("#results").replaceChildren();
  $("#go").disabled = true;
  try {
    if (mode === "search") {
      lastSearch = { query: text, filters: filters() };
      await runSearch(1);
    } else {
      setStatus("Đang trả lời… / Answering…");
      const body = Object.assign(mode === "precedent" ? { text } : { question: text }, filters());
      const a = await api(mode === "precedent" ? "/similar" : "/ask", { method: "POST", json: body });
      setStatus("");
      renderAnswer(a);
    }
  } catch (err) {
    setStatus(`Lỗi / Error — ${err.message}`, true);
  } finally {
    $("#go").disabled = false;
  }
}

async function openPassage(c, q) {
  const params = new URLSearchParams();
  if (c.quote !== undefined) { params.set("start", c.start); params.set("end", c.end); }
  if (q) params.set("q", q);
  try {
    const ctx = await api(`/passages/${encodeURIComponent(c.passage_id)}?${params}`);
    const d = ctx.document;
    $("#viewer-title").textContent = d.title || d.source;
    $("#viewer-meta").replaceChildren(...[
      el("div", {}, docName(d)),
      el("div", {}, [d.locality, d.province, d.source].filter(Boolean).join(" · ")),
      ctx.passage.heading ? el("div", { class: "heading" }, ctx.passage.heading) : null,
      ctx.passage.page ? el("div", {}, `Trang / page ${ctx.passage.page}`) : null,
    ].filter(Boolean));
    const spans = ctx.highlight ? [ctx.highlight] : ctx.highlights;
    $("#viewer-body").replaceChildren(
      ctx.before ? el("p", { class: "context" }, ctx.before) : "",
      el("p", { class: "passage" }, marked(ctx.passage.text, spans)),
      ctx.after ? el("p", { class: "context" }, ctx.after) : "");
    $("#viewer").hidden = false;
    const m = $("#viewer-body mark");
    if (m) m.scrollIntoView({ block: "center" });
  } catch (err) {
    setStatus(`Lỗi / Error — ${err.message}`, true);
  }
}

async function loadDocs() {
  const page = await api("/documents?per_page=200");
  const body = $("#docs-table tbody");
  body.replaceChildren();
  const provinces = new Set(), localities = new Set(), types = new Set();
  for (const d of page.items) {
    if (d.province) provinces.add(d.province);
    if (d.locality) localities.add(d.locality);
    if (d.doc_type) types.add(d.doc_type);
    const del = el("button", { type: "button", class: "delete", onclick: async () => {
      if (!confirm(`Xóa văn bản ${d.source}? / Delete?`)) return;
      try { await api(`/documents/${d.id}`, { method: "DELETE" }); await loadDocs(); }
      catch (err) { alert(err.message); }
    } }, "Xóa");
    body.append(el("tr", {},
      el("td", { title: d.source }, d.title || d.source,
         d.doc_type ? el("div", { class: "doc-kind" }, d.doc_type) : null),
      el("td", {}, d.number || ""),
      el("td", {}, viDate(d.date)), el("td", {}, d.issuer || ""),
      el("td", {}, [d.locality, d.province].filter(Boolean).join(", ")),
      el("td", {}, String(d.passages)), el("td", { class: "editor-only" }, del)));
  }
  fillSelect("#f-province", provinces);
  fillSelect("#f-locality", localities);
  fillSelect("#f-type", types);
}

function fillSelect(sel, values) {
  const s = $(sel);
  const current = s.value;
  s.replaceChildren(el("option", { value: "" }, "— tất cả —"));
  for (const v of [...values].sort()) s.append(el("option", { value: v }, v));
  s.value = current;
}

async function upload(e) {
  e.preventDefault();
  const files = $("#files").files;
  if (!files.length) return;
  const form = new FormData();
  for (const f of files) form.append("files", f);
  $("#upload-status").textContent = "Đang tải lên… / Uploading…";
  try {
    let res = await api("/documents", { method: "POST", body: form });
    // large batches run as a background job: follow it until it ends
    while (["queued", "running", "embedding"].includes(res.status)) {
      $("#upload-status").textContent =
        `Đang xử lý nền: ${res.done}/${res.total} tệp / Processing in the background: ` +
        `${res.done}/${res.total} files`;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      res = await api(`/jobs/${res.id}`);
    }
    const results = res.results || [];
    const summary = results
      .map((r) => `${r.source}: ${r.status}${r.reason ? " — " + r.reason : ""}`)
      .join("; ");
    $("#upload-status").textContent = res.error ? `Lỗi / Error — ${res.error} ${summary}` : summary;
    await loadDocs();
  } catch (err) {
    // when no file could be ingested, the per-file reasons come with the error
    const failed = ((err.details && err.details.results) || [])
      .map((r) => `${r.source}: ${r.reason}`)
      .join("; ");
    $("#upload-status").textContent = `Lỗi / Error — ${err.message} ${failed}`;
  }
}

function showTab(name) {
  for (const t of ["search", "docs", "key"]) {
    $(`#panel-${t}`).hidden = t !== name;
    $(`#tab-${t}`).classList.toggle("active", t === name);
  }
  if (name === "docs") loadDocs().catch((err) => setStatus(err.message, true));
}

document.addEventListener("DOMContentLoaded", () => {
  $("#ask-form").addEventListener("submit", submit);
  $("#q").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("#ask-form").requestSubmit(); }
  });
  $("#upload-form").addEventListener("submit", upload);
  $("#viewer-close").addEventListener("click", () => { $("#viewer").hidden = true; });
  $("#tab-search").addEventListener("click", () => showTab("search"));
  $("#tab-docs").addEventListener("click", () => showTab("docs"));
  $("#tab-key").addEventListener("click", () => showTab("key"));
  $("#api-key").value = localStorage.getItem("apiKey") || "";
  $("#save-key").addEventListener("click", () => {
    localStorage.setItem("apiKey", $("#api-key").value.trim());
    showTab("search");
  });
  // upload and delete are offered to everyone; the server refuses them for readers (403)
  $("#editor-tools").hidden = false;
  loadDocs().catch(() => {});
});
