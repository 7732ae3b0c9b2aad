// unspun report: renders the embedded results. Document text is untrusted: it is only ever
// inserted with textContent, never as HTML.
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const PAGE = 50;
const RELATIONS = ["verbatim", "near_duplicate", "spun", "excerpt"];
const state = { sort: "score", desc: true, relation: "", query: "", page: 0 };
const view = document.getElementById("view");

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const relationBadge = (r) => el("span", { class: "rel rel-" + r }, r.replace("_", " "));
const sourceText = (p) => p.source ? `${p.source} (confidence ${fmt(p.source_confidence)})`
  : p.flags.includes("common_original") ? "neither, both copy a common original" : "undecided";
const flagBadges = (flags) => flags.map((f) => el("span", { class: "flag" }, f.replace(/_/g, " ")));
const fmt = (x) => (Math.round(x * 1000) / 1000).toFixed(3);

// Byte offsets in the JSON are UTF-8; JavaScript strings are UTF-16.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = {};
function slice(id, start, end) {
  const bytes = bytesOf[id] || (bytesOf[id] = encoder.encode(DATA.documents[id].text));
  return decoder.decode(bytes.subarray(start, end));
}

function barChart(title, counts) {
  const max = Math.max(1, ...counts.map((c) => c[1]));
  const width = 360, row = 22;
  const svg = svgEl("svg", { width, height: counts.length * row + 4, role: "img", "aria-label": title });
  counts.forEach(([label, n], i) => {
    const w = Math.round((n / max) * 180);
    svg.append(svgEl("text", { x: 0, y: i * row + 15 }, label));
    svg.append(svgEl("rect", { x: 130, y: i * row + 4, width: Math.max(w, 1), height: 14, fill: "#23395d" }));
    svg.append(svgEl("text", { x: 136 + w, y: i * row + 15 }, n));
  });
  return el("figure", {}, el("figcaption", {}, title), svg);
}

function overview() {
  const byRelation = RELATIONS.map((r) => [r, DATA.pairs.filter((p) => p.relation === r).length]);
  const bins = Array.from({ length: 10 }, (_, i) => [`${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, 0]);
  DATA.pairs.forEach((p) => bins[Math.min(9, Math.floor(p.score * 10))][1]++);
  const sources = DATA.families.filter((f) => f.source).sort((x, y) => y.members.length - x.members.length).slice(0, 10);
  const outlets = {};
  Object.values(DATA.documents).forEach((d) => { if (d.outlet) outlets[d.outlet] = (outlets[d.outlet] || 0) + 1; });
  const topOutlets = Object.entries(outlets).sort((x, y) => y[1] - x[1]).slice(0, 10);
  return el("section", { id: "overview-view" },
    el("div", { class: "cards" },
      el("div", { class: "card" }, el("b", {}, DATA.documents_scanned), "documents scanned"),
      el("div", { class: "card" }, el("b", {}, DATA.pairs.length), "reuse pairs"),
      el("div", { class: "card" }, el("b", {}, DATA.families.length), "reuse families")),
    el("div", { class: "charts" }, barChart("Pairs by relation", byRelation), barChart("Pairs by score", bins)),
    el("h2", {}, "Top sources"),
    sources.length
      ? el("ol", {}, sources.map((f) => el("li", {}, el("a", { href: "#family/" + f.cluster }, f.source), ` — ${f.members.length} documents`)))
      : el("p", { class: "note" }, "No family's original could be named."),
    topOutlets.length ? el("h2", {}, "Outlets") : null,
    topOutlets.length ? el("ol", {}, topOutlets.map(([o, n]) => el("li", {}, `${o} — ${n} documents`))) : null);
}

function filteredPairs() {
  const q = state.query.toLowerCase();
  const rows = DATA.pairs.map((p, i) => ({ p, i })).filter(({ p }) =>
    (!state.relation || p.relation === state.relation) && (!q || p.a.toLowerCase().includes(q) || p.b.toLowerCase().includes(q)));
  const key = state.sort;
  rows.sort((x, y) => {
    const [u, v] = [x.p[key], y.p[key]];
    const c = typeof u === "number" ? u - v : String(u).localeCompare(String(v));
    return state.desc ? -c : c;
  });
  return rows;
}

function pairsTable() {
  const rows = filteredPairs();
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  state.page = Math.min(state.page, pages - 1);
  const columns = [["a", "Document A"], ["b", "Document B"], ["relation", "Relation"], ["score", "Score"],
    ["coverage_a", "Cov. A"], ["coverage_b", "Cov. B"], ["aligned_sentences", "Aligned"], ["source", "Source"], ["flags", "Flags"]];
  const header = el("tr", {}, columns.map(([key, label]) => el("th", {
    onclick: () => { state.desc = state.sort === key ? !state.desc : true; state.sort = key; render(); },
  }, label + (state.sort === key ? (state.desc ? " ▾" : " ▴") : ""))));
  const body = rows.slice(state.page * PAGE, (state.page + 1) * PAGE).map(({ p, i }) =>
    el("tr", { class: "row", "data-pair": i, onclick: () => { location.hash = "#pair/" + i; } },
      el("td", {}, p.a), el("td", {}, p.b), el("td", {}, relationBadge(p.relation)), el("td", {}, fmt(p.score)),
      el("td", {}, fmt(p.coverage_a)), el("td", {}, fmt(p.coverage_b)), el("td", {}, p.aligned_sentences),
      el("td", {}, p.source || "—"), el("td", {}, flagBadges(p.flags))));
  const relation = el("select", { onchange: (e) => { state.relation = e.target.value; state.page = 0; render(); } },
    el("option", { value: "" }, "all relations"), RELATIONS.map((r) => el("option", { value: r }, r)));
  relation.value = state.relation;
  const search = el("input", { type: "search", placeholder: "filter by document id", value: state.query,
    oninput: (e) => { state.query = e.target.value; state.page = 0; render(); search.focus(); } });
  return el("section", { id: "pairs-view" },
    el("div", { class: "controls" }, relation, search,
      el("button", { onclick: () => { state.page = Math.max(0, state.page - 1); render(); } }, "‹ prev"),
      `page ${state.page + 1} of ${pages} (${rows.length} pairs)`,
      el("button", { onclick: () => { state.page = Math.min(pages - 1, state.page + 1); render(); } }, "next ›")),
    el("table", {}, el("thead", {}, header), el("tbody", {}, body)));
}

// Text of one passage side with its marks: lists of { word, cls, title }, each list in text
// order (the substitutions, the wording only this side holds). At each step the list whose
// next word comes first from where the last mark ended is marked; a word not found is skipped.
function marked(id, range, lists) {
  const text = slice(id, range[0], range[1]);
  const cell = el("td", { class: "side-text" });
  const next = lists.map(() => 0);
  let at = 0;
  for (;;) {
    let best = -1, bestAt = Infinity;
    lists.forEach((list, k) => {
      while (next[k] < list.length && !(list[next[k]].word && text.includes(list[next[k]].word, at))) next[k]++;
      const found = next[k] < list.length ? text.indexOf(list[next[k]].word, at) : -1;
      if (found >= 0 && found < bestAt) { best = k; bestAt = found; }
    });
    if (best < 0) break;
    const { word, cls, title } = lists[best][next[best]++];
    cell.append(text.slice(at, bestAt), el("mark", { class: cls, title }, word));
    at = bestAt + word.length;
  }
  cell.append(text.slice(at));
  return cell;
}

// The marks of one side of a passage (0: a, 1: b), as `marked` takes them.
function passageMarks(x, side) {
  const [letter, key] = side === 0 ? ["a", "only_in_a"] : ["b", "only_in_b"];
  return [
    x.substitutions.map((s) => ({ word: s[side], cls: "sub-" + letter, title: "substituted" })),
    (x[key] || []).map((word) => ({ word, cls: "alone-" + letter, title: "only in " + letter.toUpperCase() })),
  ];
}

// Story text of a document that no passage covers: what one side added or dropped.
function uncovered(id, ranges) {
  const doc = DATA.documents[id];
  const taken = ranges.concat(doc.boilerplate).sort((x, y) => x[0] - y[0]);
  const total = encoder.encode(doc.text).length;
  const gaps = [];
  let at = 0;
  for (const [s, e] of taken) { if (s > at) gaps.push([at, s]); at = Math.max(at, e); }
  if (at < total) gaps.push([at, total]);
  return gaps.map(([s, e]) => slice(id, s, e).trim()).filter((t) => /\w{3}/.test(t));
}

function boilerplate(id) {
  const doc = DATA.documents[id];
  if (!doc.boilerplate.length) return null;
  return el("details", { class: "bp" }, el("summary", {}, `${id}: ${doc.boilerplate.length} boilerplate passages stripped`),
    el("pre", {}, doc.boilerplate.map(([s, e]) => slice(id, s, e)).join("\n")));
}

function pairView(i) {
  const p = DATA.pairs[i];
  if (!p) return el("p", {}, "No such pair.");
  const rows = p.passages.map((x) => el("tr", { class: "aligned" },
    marked(p.a, x.a, passageMarks(x, 0)),
    el("td", { class: "sim" }, fmt(x.similarity), el("br"), flagBadges(x.flags)),
    marked(p.b, x.b, passageMarks(x, 1))));
  const onlyA = uncovered(p.a, p.passages.map((x) => x.a)).map((t) => el("tr", { class: "only only-a" },
    el("td", { class: "side-text" }, t), el("td", { class: "sim" }, "only in A"), el("td", {})));
  const onlyB = uncovered(p.b, p.passages.map((x) => x.b)).map((t) => el("tr", { class: "only only-b" },
    el("td", {}), el("td", { class: "sim" }, "only in B"), el("td", { class: "side-text" }, t)));
  const meta = (id) => { const d = DATA.documents[id]; return [d.outlet, d.date].filter(Boolean).join(", "); };
  return el("section", { id: "pair-view" },
    el("p", {}, el("a", { href: "#pairs" }, "‹ all pairs")),
    el("h2", {}, relationBadge(p.relation), ` ${p.a} ↔ ${p.b}`),
    el("p", {}, `score ${fmt(p.score)} · coverage ${fmt(p.coverage_a)} / ${fmt(p.coverage_b)} · ${p.aligned_sentences} aligned · likely source: ${sourceText(p)} `, flagBadges(p.flags)),
    el("p", { class: "note legend" }, el("mark", { class: "sub-a" }, "substituted"), " ",
      el("mark", { class: "sub-b" }, "wording"), " · ", el("mark", { class: "alone-a" }, "wording only one side holds"),
      " · striped rows: text only one side holds"),
    el("table", { class: "sides" },
      el("thead", {}, el("tr", {}, el("th", {}, `A: ${p.a} ${meta(p.a)}`), el("th", {}, "sim."), el("th", {}, `B: ${p.b} ${meta(p.b)}`))),
      el("tbody", {}, rows, onlyA, onlyB)),
    boilerplate(p.a), boilerplate(p.b));
}

function familyGraph(f) {
  const size = 420, r = 150, c = size / 2;
  const others = f.members.filter((m) => m !== f.source);
  const center = f.source || f.members[0];
  const spots = { [center]: [c, c] };
  const ring = f.source ? others : f.members.slice(1);
  ring.forEach((m, k) => { const t = (2 * Math.PI * k) / ring.length; spots[m] = [c + r * Math.cos(t), c + r * Math.sin(t)]; });
  const svg = svgEl("svg", { width: size, height: size, role: "img", "aria-label": "reuse family" });
  DATA.pairs.forEach((p) => {
    if (!(p.a in spots) || !(p.b in spots)) return;
    const [[x1, y1], [x2, y2]] = [spots[p.a], spots[p.b]];
    svg.append(svgEl("line", { x1, y1, x2, y2, stroke: "#c7cdd6" }));
    svg.append(svgEl("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2, fill: "#6b7280" }, p.relation));
  });
  for (const [m, [x, y]] of Object.entries(spots)) {
    const d = DATA.documents[m] || {};
    const twin = (f.source_twins || []).includes(m);
    svg.append(svgEl("circle", { cx: x, cy: y, r: m === f.source || twin ? 10 : 7, fill: m === f.source ? "#c2410c" : twin ? "#f59e0b" : "#23395d" }));
    svg.append(svgEl("text", { x: x + 12, y: y + 4 }, [m, d.outlet, d.date && d.date.slice(0, 10)].filter(Boolean).join(" · ")));
  }
  return svg;
}

// A family's source, and the members that tell its story word for word with nothing to date them
// apart: any of them may be the original.
const familySource = (f) => !f.source ? "undecided"
  : (f.source_twins || []).length ? `${f.source} or its word-for-word twin${f.source_twins.length > 1 ? "s" : ""} ${f.source_twins.join(", ")} (nothing orders them)`
  : f.source;

function familiesView(n) {
  const chosen = DATA.families.find((f) => String(f.cluster) === n);
  return el("section", { id: "families-view" },
    chosen ? el("div", { class: "family" }, el("h2", {}, `Family ${chosen.cluster}: source ${familySource(chosen)}`), familyGraph(chosen)) : null,
    el("h2", {}, "Families"),
    el("ol", {}, DATA.families.map((f) => el("li", {}, el("a", { href: "#family/" + f.cluster }, `${f.members.length} documents`),
      ` — source ${familySource(f)}: ${f.members.join(", ")}`))));
}

function render() {
  const [page, arg] = location.hash.slice(1).split("/");
  const body = page === "pairs" ? pairsTable() : page === "pair" ? pairView(Number(arg))
    : page === "families" || page === "family" ? familiesView(arg)
      : el("div", {}, overview(), el("h2", {}, "Pairs"), pairsTable());
  view.replaceChildren(body);
}

window.addEventListener("hashchange", render);
render();
