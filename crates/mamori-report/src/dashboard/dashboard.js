"use strict";
// mamori's dashboard: reads the embedded data (gzip JSON, base64), renders
// the summary, trends, findings, assets, risks and the SoA, in English or
// Japanese. Long tables render only the rows in view.
(function () {
  const T = {
    en: {
      title: "AWS security posture and ISMS records", tab_summary: "Summary", tab_trends: "Trends", tab_findings: "Findings",
      tab_assets: "Assets", tab_risks: "Risks", tab_soa: "Statement of Applicability", lang: "日本語",
      scan: "Scan", taken: "snapshot taken", source: "source", accounts: "accounts", regions: "regions", scope: "Scope",
      findings: "findings", failing: "Failing", passing: "Passing", unknown: "Unknown", na: "Not applicable", muted: "muted",
      all_sev: "All severities", all_status: "All statuses", all_area: "All areas", all_code: "All codes", search: "Search resource, code or title",
      shown: "shown", of: "of", severity: "Severity", status: "Status", code: "Code", title_col: "Title", resource: "Resource", lifecycle: "Lifecycle",
      by_area: "Failing findings by area", area: "Area", by_sev: "Failing by severity",
      evidence: "Evidence", reason: "Why unknown", remediation: "Remediation", sections: "Whitepaper", cis: "CIS v3.0", fsbp: "FSBP",
      account: "Account", region: "Region", resources: "Resources",
      risks_open: "Open risks", risks_treated: "Treated risks", risks_accepted: "Accepted risks", risks_overdue: "Overdue treatments", resource_findings: "All findings on this resource", type: "Type",
      trend_failing: "Failing findings by severity, per scan", trend_flow: "New and resolved per scan", new: "new", resolved: "resolved", reopened: "reopened", open: "open",
      mttr: "Mean days to remediate", remediated: "remediated", pass_rate: "Pass rate", category: "Category", owner: "Owner",
      classification: "Classification", value: "Value", depends: "Depends on", essential: "essential", supporting: "supporting", high: "high", medium: "medium", low: "low",
      tags_not_read: "(tags not read)", level: "Level", state: "State", treatment: "Treatment", who: "Owner / approver", due: "Due / expires", overdue: "overdue",
      all_states: "Open and treated", st_open: "open", st_treated: "treated", st_closed: "closed", all_incl_closed: "All, closed too",
      control: "Control", applicable: "Applicable", justification: "Justification", implementation: "Status", codes: "mamori codes (pass/fail/unknown)", yes: "yes", no: "no",
      implemented: "implemented", partly: "partly implemented", planned: "planned", not_assessed: "not assessed by mamori",
      mitigate: "mitigate", accept: "accept", avoid: "avoid", transfer: "transfer", none: "none", excluded: "excluded",
      sev_critical: "critical", sev_high: "high", sev_medium: "medium", sev_low: "low", sev_info: "info",
      status_fail: "fail", status_pass: "pass", status_unknown: "unknown", status_not_applicable: "n/a", scans: "scans", no_history: "One scan so far: trends need two.",
      out_of_scope: "findings out of scope", tag_filters: "tag filters", exclusions: "exclusions", everything: "everything collected",
    },
    ja: {
      title: "AWS のセキュリティ状況と ISMS の記録", tab_summary: "概要", tab_trends: "推移", tab_findings: "検出結果",
      tab_assets: "資産目録", tab_risks: "リスク", tab_soa: "適用宣言書", lang: "English",
      scan: "スキャン", taken: "スナップショット取得", source: "取得元", accounts: "アカウント", regions: "リージョン", scope: "適用範囲",
      findings: "件", failing: "不合格", passing: "合格", unknown: "判定不能", na: "対象外", muted: "ミュート",
      all_sev: "すべての重大度", all_status: "すべての状態", all_area: "すべての領域", all_code: "すべてのコード", search: "リソース、コード、タイトルで検索",
      shown: "件を表示", of: "件中", severity: "重大度", status: "状態", code: "コード", title_col: "タイトル", resource: "リソース", lifecycle: "ライフサイクル",
      by_area: "領域別の不合格", area: "領域", by_sev: "重大度別の不合格",
      evidence: "証跡", reason: "判定不能の理由", remediation: "修正方法", sections: "ホワイトペーパー", cis: "CIS v3.0", fsbp: "FSBP",
      account: "アカウント", region: "リージョン", resources: "リソース",
      risks_open: "未対応のリスク", risks_treated: "対応中のリスク", risks_accepted: "受容したリスク", risks_overdue: "期限超過の対応", resource_findings: "このリソースのすべての検出結果", type: "種類",
      trend_failing: "スキャンごとの重大度別の不合格数", trend_flow: "スキャンごとの新規と解消", new: "新規", resolved: "解消", reopened: "再発", open: "継続",
      mttr: "平均修正日数", remediated: "件修正", pass_rate: "合格率", category: "区分", owner: "所有者",
      classification: "分類", value: "価値", depends: "依存先", essential: "本質的資産", supporting: "支援資産", high: "高", medium: "中", low: "低",
      tags_not_read: "（タグ未取得）", level: "レベル", state: "状態", treatment: "対応", who: "担当 / 承認者", due: "期限", overdue: "期限超過",
      all_states: "未対応と対応中", st_open: "未対応", st_treated: "対応中", st_closed: "解消", all_incl_closed: "解消済みも含むすべて",
      control: "管理策", applicable: "適用", justification: "理由", implementation: "実施状況", codes: "mamori コード（合格/不合格/判定不能）", yes: "はい", no: "いいえ",
      implemented: "実施済み", partly: "一部実施", planned: "計画中", not_assessed: "mamori では評価対象外",
      mitigate: "低減", accept: "受容", avoid: "回避", transfer: "移転", none: "なし", excluded: "除外",
      sev_critical: "重大", sev_high: "高", sev_medium: "中", sev_low: "低", sev_info: "情報",
      status_fail: "不合格", status_pass: "合格", status_unknown: "判定不能", status_not_applicable: "対象外", scans: "スキャン", no_history: "スキャンはまだ 1 回です。推移には 2 回以上必要です。",
      out_of_scope: "件が適用範囲外", tag_filters: "タグ条件", exclusions: "除外", everything: "収集したすべて",
    },
  };
  const STATUSES = ["fail", "unknown", "pass", "not_applicable"];
  const SEVERITIES = ["critical", "high", "medium", "low", "info"];
  const LIFECYCLES = ["new", "open", "reopened", "resolved"];
  const ROW = 28;
  let lang = "en";
  let D = null;
  const $ = (id) => document.getElementById(id);
  const t = (k) => (T[lang][k] !== undefined ? T[lang][k] : k);
  const esc = (s) => String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const rtitle = (ri) => (D.rules[ri] ? D.rules[ri][lang === "ja" ? 4 : 3] : "");
  const badge = (cls, text) => `<span class="badge ${cls}">${esc(text)}</span>`;
  const sevBadge = (s) => badge("sev-" + s, t("sev_" + s));
  const stBadge = (s) => badge("st-" + s, t("status_" + s));
  const areaTitle = (slug) => { const a = D.areas.find((x) => x[0] === slug); return a ? a[lang === "ja" ? 2 : 1] : slug; };

  async function load() {
    const text = $("mamori-data").textContent.trim();
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  // A table that renders only the rows in view.
  function VTable(el, header, rowHtml, onClick) {
    this.el = el; this.items = []; this.rowHtml = rowHtml;
    el.innerHTML = `<div class="vhead">${header()}</div><div class="spacer"></div>`;
    this.head = el.firstChild; this.spacer = el.lastChild; this.header = header;
    el.addEventListener("scroll", () => this.draw());
    el.addEventListener("click", (e) => { const r = e.target.closest(".vrow"); if (r) onClick(this.items[+r.dataset.i], e); });
  }
  VTable.prototype.set = function (items) { this.items = items; this.spacer.style.height = items.length * ROW + "px"; this.el.scrollTop = 0; this.draw(); };
  VTable.prototype.draw = function () {
    const top = this.el.scrollTop, h = this.el.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 5), last = Math.min(this.items.length, Math.ceil((top + h) / ROW) + 5);
    let html = "";
    for (let i = first; i < last; i++) html += `<div class="vrow" data-i="${i}" style="top:${i * ROW}px">${this.rowHtml(this.items[i])}</div>`;
    this.spacer.innerHTML = html;
  };
  VTable.prototype.relabel = function () { this.head.innerHTML = this.header(); this.draw(); };

  let findingsTable, assetsTable, risksTable, byResource = null;

  function applyStatic() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
    $("lang-toggle").textContent = t("lang");
    $("filter-search").placeholder = t("search");
    $("assets-search").placeholder = t("search");
    $("risks-search").placeholder = t("search");
    const s = D.scan;
    $("meta").textContent = `${t("scan")} ${s.id} · ${t("taken")} ${s.started_at} · ${t("source")} ${s.source} · ${t("accounts")} ${s.accounts.join(", ")} · ${t("regions")} ${s.regions.join(", ")}`;
    fillSelect("filter-severity", [["", t("all_sev")]].concat(SEVERITIES.map((v) => [v, t("sev_" + v)])));
    fillSelect("filter-status", [["", t("all_status")]].concat(STATUSES.map((v) => [v, t("status_" + v)])));
    fillSelect("filter-area", [["", t("all_area")]].concat(D.areas.map((a) => [a[0], a[lang === "ja" ? 2 : 1]])));
    fillSelect("filter-code", [["", t("all_code")]].concat(D.rules.map((r) => [r[0], r[0]])));
    fillSelect("risks-state", [["", t("all_states")], ["open", t("st_open")], ["treated", t("st_treated")], ["closed", t("st_closed")], ["*", t("all_incl_closed")]]);
  }

  function fillSelect(id, options) {
    const el = $(id), keep = el.value;
    el.innerHTML = options.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join("");
    el.value = keep;
  }

  function renderSummary() {
    const f = D.f, n = f.s.length, cnt = [0, 0, 0, 0], sev = [0, 0, 0, 0, 0], area = {};
    for (let i = 0; i < n; i++) {
      cnt[f.s[i]]++;
      if (f.s[i] === 0) { sev[f.v[i]]++; const a = D.rules[f.c[i]] ? D.rules[f.c[i]][2] : "?"; area[a] = (area[a] || 0) + 1; }
    }
    const sc = D.scan.scope || {};
    const scopeParts = [];
    scopeParts.push(`${t("accounts")}: ${(sc.accounts && sc.accounts.length ? sc.accounts : D.scan.accounts).join(", ")}`);
    scopeParts.push(`${t("regions")}: ${(sc.regions && sc.regions.length ? sc.regions : D.scan.regions).join(", ")}`);
    if (sc.tags && sc.tags.length) scopeParts.push(`${t("tag_filters")}: ${sc.tags.join(", ")}`);
    if (sc.exclude && sc.exclude.length) scopeParts.push(`${t("exclusions")}: ${sc.exclude.map((e) => `${e.resource} (${e.reason})`).join("; ")}`);
    if (sc.findings_out_of_scope) scopeParts.push(`${sc.findings_out_of_scope} ${t("out_of_scope")}`);
    let html = `<div class="cards">
      <div class="card"><div class="n" id="count-fail">${cnt[0]}</div><div class="k">${t("failing")}</div></div>
      <div class="card"><div class="n">${cnt[2]}</div><div class="k">${t("passing")}</div></div>
      <div class="card"><div class="n">${cnt[1]}</div><div class="k">${t("unknown")}</div></div>
      <div class="card"><div class="n">${cnt[3]}</div><div class="k">${t("na")}</div></div>
      <div class="card"><div class="n">${D.resources.length}</div><div class="k">${t("resources")}</div></div></div>
      <div class="cards">
      <div class="card"><div class="n" id="count-risks-open">${D.risks.filter((r) => r[4] === "open").length}</div><div class="k">${t("risks_open")}</div></div>
      <div class="card"><div class="n">${D.risks.filter((r) => r[4] === "treated").length}</div><div class="k">${t("risks_treated")}</div></div>
      <div class="card"><div class="n">${D.risks.filter((r) => r[4] === "treated" && r[5] === "accept").length}</div><div class="k">${t("risks_accepted")}</div></div>
      <div class="card"><div class="n">${D.risks.filter((r) => r[10]).length}</div><div class="k">${t("risks_overdue")}</div></div></div>
      <h3>${t("scope")}</h3><p id="scope">${esc(scopeParts.join(" · "))}</p>
      <h3>${t("by_sev")}</h3><table class="plain"><tr>${SEVERITIES.map((s) => `<th>${sevBadge(s)}</th>`).join("")}</tr><tr>${sev.map((x) => `<td>${x}</td>`).join("")}</tr></table>
      <h3>${t("by_area")}</h3><table class="plain"><tr><th>${t("area")}</th><th>${t("failing")}</th></tr>`;
    for (const a of D.areas) if (area[a[0]]) html += `<tr><td>${esc(a[lang === "ja" ? 2 : 1])}</td><td>${area[a[0]]}</td></tr>`;
    html += "</table>";
    $("view-summary").innerHTML = html;
  }

  function lineChart(series, labels, colors, names) {
    const W = 720, H = 220, P = 34, max = Math.max(1, ...series.flat());
    const x = (i) => P + (labels.length === 1 ? 0 : (i * (W - 2 * P)) / (labels.length - 1)), y = (v) => H - P - (v * (H - 2 * P)) / max;
    let svg = `<svg class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">`;
    for (let k = 0; k <= 4; k++) { const v = Math.round((max * k) / 4); svg += `<line x1="${P}" x2="${W - P}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="4" y="${y(v) + 4}">${v}</text>`; }
    labels.forEach((l, i) => { svg += `<text x="${x(i) - 6}" y="${H - 10}">${esc(l)}</text>`; });
    series.forEach((s, k) => {
      svg += `<polyline fill="none" stroke="${colors[k]}" stroke-width="2" points="${s.map((v, i) => `${x(i)},${y(v)}`).join(" ")}"/>`;
      s.forEach((v, i) => { svg += `<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${colors[k]}"><title>${esc(names[k])}: ${v}</title></circle>`; });
    });
    return svg + "</svg>";
  }

  function renderTrends() {
    const m = D.metrics, scans = m.scans, labels = scans.map((s) => "#" + s.scan);
    const colors = ["#8e1b1b", "#c0392b", "#d68910", "#2874a6", "#7f8c8d"];
    const legend = (names, cols) => `<div class="legend">${names.map((nm, i) => `<span><i style="background:${cols[i]}"></i>${esc(nm)}</span>`).join("")}</div>`;
    let html = "";
    if (scans.length < 2) html += `<p>${t("no_history")}</p>`;
    const sevNames = SEVERITIES.map((s) => t("sev_" + s));
    html += `<h3>${t("trend_failing")}</h3>` + legend(sevNames, colors) + lineChart(SEVERITIES.map((s) => scans.map((x) => x.failing_by_severity[s] || 0)), labels, colors, sevNames);
    const flowNames = [t("new"), t("resolved"), t("reopened")], flowCols = ["#c0392b", "#1e8449", "#7d3c98"];
    html += `<h3>${t("trend_flow")}</h3>` + legend(flowNames, flowCols) + lineChart([scans.map((x) => x.new), scans.map((x) => x.resolved), scans.map((x) => x.reopened)], labels, flowCols, flowNames);
    html += `<p>${t("mttr")}: ${m.mean_days_to_remediate === null ? "-" : m.mean_days_to_remediate.toFixed(1)} (${m.remediated} ${t("remediated")})</p>`;
    html += `<table class="plain"><tr><th>${t("scan")}</th><th>${t("taken")}</th><th>${t("failing")}</th><th>${t("new")}</th><th>${t("resolved")}</th><th>${t("reopened")}</th><th>${t("pass_rate")}</th></tr>`;
    for (const s of scans) html += `<tr><td>${s.scan}</td><td>${esc(s.started_at)}</td><td>${s.fail}</td><td>${s.new}</td><td>${s.resolved}</td><td>${s.reopened}</td><td>${s.pass + s.fail ? ((100 * s.pass) / (s.pass + s.fail)).toFixed(1) + "%" : "-"}</td></tr>`;
    $("view-trends").innerHTML = html + "</table>";
  }

  // Findings: indices into the columnar arrays, filtered.
  function findingHeader() {
    return `<span class="c-sev">${t("severity")}</span><span class="c-status">${t("status")}</span><span class="c-code">${t("code")}</span><span class="c-life">${t("lifecycle")}</span><span class="c-title">${t("title_col")}</span><span class="c-res">${t("resource")}</span>`;
  }
  function findingRow(i) {
    const f = D.f, rule = D.rules[f.c[i]] || [];
    const life = f.l[i] < LIFECYCLES.length ? t(LIFECYCLES[f.l[i]]) : "";
    return `<span class="c-sev">${sevBadge(SEVERITIES[f.v[i]])}</span><span class="c-status">${stBadge(STATUSES[f.s[i]])}${f.m[i] ? " ·" + t("muted") : ""}</span><span class="c-code">${esc(rule[0])}</span><span class="c-life">${esc(life)}</span><span class="c-title">${esc(rtitle(f.c[i]))}</span><span class="c-res">${esc(D.resources[f.r[i]])}</span>`;
  }
  function filterFindings() {
    const sev = SEVERITIES.indexOf($("filter-severity").value), st = STATUSES.indexOf($("filter-status").value);
    const area = $("filter-area").value, code = $("filter-code").value, q = $("filter-search").value.trim().toLowerCase();
    const f = D.f, n = f.s.length, out = [];
    const titleMatch = D.rules.map((r) => !q || r[0].toLowerCase().includes(q) || r[3].toLowerCase().includes(q) || r[4].includes(q));
    for (let i = 0; i < n; i++) {
      if (sev >= 0 && f.v[i] !== sev) continue;
      if (st >= 0 && f.s[i] !== st) continue;
      const rule = D.rules[f.c[i]];
      if (area && (!rule || rule[2] !== area)) continue;
      if (code && (!rule || rule[0] !== code)) continue;
      if (q && !titleMatch[f.c[i]] && !D.resources[f.r[i]].toLowerCase().includes(q)) continue;
      out.push(i);
    }
    findingsTable.set(out);
    $("findings-count").textContent = lang === "ja" ? `${n} ${t("of")} ${out.length} ${t("shown")}` : `${out.length} ${t("of")} ${n} ${t("findings")}`;
    $("findings-count").dataset.shown = out.length;
    // What the list shows now (tests wait for it after typing).
    $("findings-count").dataset.query = q;
  }

  function evidenceBlock(i) {
    const e = D.f.e[i], u = D.f.u[i];
    let html = "";
    if (e !== undefined) html += `<dt>${t("evidence")}</dt><dd><pre class="evidence">${esc(JSON.stringify(e, null, 2))}</pre></dd>`;
    if (u !== undefined) html += `<dt>${t("reason")}</dt><dd><pre>${esc(JSON.stringify(u, null, 2))}</pre></dd>`;
    return html;
  }

  function openFinding(i) {
    const f = D.f, rule = D.rules[f.c[i]] || [], w = D.where[f.r[i]] || ["", ""];
    let html = `<h2 id="detail-title">${esc(rule[0])} ${esc(rtitle(f.c[i]))}</h2><dl>
      <dt>${t("status")}</dt><dd>${stBadge(STATUSES[f.s[i]])} ${f.m[i] ? t("muted") : ""}</dd>
      <dt>${t("severity")}</dt><dd>${sevBadge(SEVERITIES[f.v[i]])}</dd>
      <dt>${t("resource")}</dt><dd><a class="res" data-r="${f.r[i]}">${esc(D.resources[f.r[i]])}</a></dd>
      <dt>${t("type")}</dt><dd>${esc(D.types[f.t[i]])}</dd>
      <dt>${t("account")}</dt><dd>${esc(w[0])} · ${esc(w[1])}</dd>
      ${f.l[i] < LIFECYCLES.length ? `<dt>${t("lifecycle")}</dt><dd>${esc(t(LIFECYCLES[f.l[i]]))}</dd>` : ""}
      ${evidenceBlock(i)}
      <dt>${t("remediation")}</dt><dd class="remediation">${esc(rule[lang === "ja" ? 6 : 5])}</dd>
      <dt>${t("sections")}</dt><dd>${esc(rule[lang === "ja" ? 10 : 7])}</dd>
      ${rule[8] ? `<dt>${t("cis")}</dt><dd>${esc(rule[8])}</dd>` : ""}${rule[9] ? `<dt>${t("fsbp")}</dt><dd>${esc(rule[9])}</dd>` : ""}
    </dl>`;
    showDetail(html, { kind: "finding", i });
  }

  function openResource(r) {
    if (!byResource) { byResource = new Map(); const f = D.f; for (let i = 0; i < f.r.length; i++) { const l = byResource.get(f.r[i]); if (l) l.push(i); else byResource.set(f.r[i], [i]); } }
    const list = (byResource.get(r) || []).slice().sort((a, b) => D.f.s[a] - D.f.s[b] || D.f.v[a] - D.f.v[b]);
    const w = D.where[r] || ["", ""];
    let html = `<h2 id="detail-title">${esc(D.resources[r])}</h2><p>${esc(w[0])} · ${esc(w[1])}</p><h3>${t("resource_findings")} (${list.length})</h3>`;
    for (const i of list) {
      const rule = D.rules[D.f.c[i]] || [];
      html += `<details${D.f.s[i] === 0 ? " open" : ""}><summary>${stBadge(STATUSES[D.f.s[i]])} ${sevBadge(SEVERITIES[D.f.v[i]])} <b>${esc(rule[0])}</b> ${esc(rtitle(D.f.c[i]))}</summary><dl>${evidenceBlock(i)}${D.f.s[i] === 0 ? `<dt>${t("remediation")}</dt><dd>${esc(rule[lang === "ja" ? 6 : 5])}</dd>` : ""}</dl></details>`;
    }
    showDetail(html, { kind: "resource", r });
  }

  // Lookups built on first use: resource ARN → index, code|resource → finding.
  let byArn = null, byKey = null;
  function resourceIndex() { if (!byArn) { byArn = new Map(); D.resources.forEach((r, i) => byArn.set(r, i)); } return byArn; }
  function findingIndex() {
    if (!byKey) { byKey = new Map(); const f = D.f; for (let i = 0; i < f.c.length; i++) { const rule = D.rules[f.c[i]]; if (rule) byKey.set(rule[0] + "|" + D.resources[f.r[i]], i); } }
    return byKey;
  }

  let detailState = null;
  // The panel opens below the tabs, so the language switch stays in reach.
  function showDetail(html, state) {
    detailState = state;
    $("detail-body").innerHTML = html;
    $("detail").style.top = Math.max(0, $("tabs").getBoundingClientRect().bottom) + "px";
    $("detail").hidden = false;
  }
  function redrawDetail() { if (!detailState || $("detail").hidden) return; if (detailState.kind === "finding") openFinding(detailState.i); else openResource(detailState.r); }

  function assetHeader() {
    return `<span class="c-res">${t("resource")}</span><span class="c-x">${t("type")}</span><span class="c-x">${t("category")}</span><span class="c-x">${t("owner")}</span><span class="c-x">${t("classification")}</span><span class="c-sev">${t("value")}</span><span class="c-title">${t("depends")}</span>`;
  }
  function assetRow(a) {
    const unk = a[9] === false ? t("tags_not_read") : "";
    return `<span class="c-res">${esc(a[0])}</span><span class="c-x">${esc(a[1])}</span><span class="c-x">${esc(t(a[4]))}</span><span class="c-x">${esc(a[5] || unk)}</span><span class="c-x">${esc(a[6] || unk)}</span><span class="c-sev">${esc(t(a[7]))}</span><span class="c-title">${esc((a[8] || []).join(" "))}</span>`;
  }
  function filterAssets() {
    const q = $("assets-search").value.trim().toLowerCase();
    const out = q ? D.assets.filter((a) => (a[0] + " " + a[1] + " " + (a[5] || "") + " " + (a[6] || "")).toLowerCase().includes(q)) : D.assets;
    assetsTable.set(out);
    $("assets-count").textContent = `${out.length} / ${D.assets.length}`;
  }

  function riskHeader() {
    return `<span class="c-code">ID</span><span class="c-sev">${t("level")}</span><span class="c-sev">L×I</span><span class="c-status">${t("state")}</span><span class="c-x">${t("treatment")}</span><span class="c-x">${t("who")}</span><span class="c-x">${t("due")}</span><span class="c-code">${t("code")}</span><span class="c-res">${t("resource")}</span>`;
  }
  function riskRow(r) {
    const lvl = { low: "low", medium: "medium", high: "high", critical: "critical" }[r[1]];
    return `<span class="c-code">R-${r[0]}</span><span class="c-sev">${sevBadge(lvl)}</span><span class="c-sev">${r[2]}×${r[3]}</span><span class="c-status">${esc(t("st_" + r[4]))}</span><span class="c-x">${esc(r[5] ? t(r[5]) : "-")}</span><span class="c-x">${esc(r[6] || "")}</span><span class="c-x">${esc(r[7] || "")}${r[10] ? " · " + t("overdue") : ""}</span><span class="c-code">${esc(r[8])}</span><span class="c-res">${esc(r[9])}</span>`;
  }
  function filterRisks() {
    const st = $("risks-state").value, q = $("risks-search").value.trim().toLowerCase();
    const out = D.risks.filter((r) => (st === "*" ? true : st ? r[4] === st : r[4] !== "closed") && (!q || (r[8] + " " + r[9]).toLowerCase().includes(q)));
    risksTable.set(out);
    $("risks-count").textContent = `${out.length} / ${D.risks.length}`;
  }

  function renderSoa() {
    const impl = { implemented: "implemented", partly: "partly", planned: "planned", not_assessed: "not_assessed" };
    let html = `<table class="plain" id="soa-table"><tr><th>${t("control")}</th><th>${t("title_col")}</th><th>${t("applicable")}</th><th>${t("justification")}</th><th>${t("implementation")}</th><th>${t("codes")}</th><th>NIST SP 800-53 r5</th></tr>`;
    for (const c of D.soa) {
      html += `<tr><td>${esc(c[0])}</td><td>${esc(c[lang === "ja" ? 2 : 1])}</td><td>${c[3] ? t("yes") : t("no")}</td><td>${esc(c[lang === "ja" ? 5 : 4])}</td><td>${c[6] ? esc(t(impl[c[6]])) : "-"}</td><td>${esc(c[7])}</td><td>${esc(c[8])}</td></tr>`;
    }
    $("view-soa").innerHTML = html + "</table>";
  }

  function show(tab) {
    document.querySelectorAll(".view").forEach((v) => v.classList.toggle("active", v.id === "view-" + tab));
    document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === tab));
    if (tab === "findings") findingsTable.draw();
    if (tab === "assets") assetsTable.draw();
    if (tab === "risks") risksTable.draw();
    if (location.hash !== "#" + tab) history.replaceState(null, "", "#" + tab);
  }

  function renderAll() {
    applyStatic();
    renderSummary();
    renderTrends();
    renderSoa();
    findingsTable.relabel(); assetsTable.relabel(); risksTable.relabel();
    filterFindings(); filterAssets(); filterRisks();
    redrawDetail();
  }

  async function main() {
    D = await load();
    try { const saved = localStorage.getItem("mamori-lang"); if (saved === "ja" || saved === "en") lang = saved; else if ((navigator.language || "").startsWith("ja")) lang = "ja"; } catch (e) { /* storage unavailable on file:// in some browsers */ }
    findingsTable = new VTable($("findings-table"), findingHeader, findingRow, (i) => openFinding(i));
    assetsTable = new VTable($("assets-table"), assetHeader, assetRow, (a) => { const r = resourceIndex().get(a[0]); if (r !== undefined) openResource(r); });
    risksTable = new VTable($("risks-table"), riskHeader, riskRow, (r) => { const i = findingIndex().get(r[8] + "|" + r[9]); if (i !== undefined) openFinding(i); });
    for (const id of ["filter-severity", "filter-status", "filter-area", "filter-code"]) $(id).addEventListener("change", filterFindings);
    let timer = null;
    $("filter-search").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(filterFindings, 150); });
    $("assets-search").addEventListener("input", filterAssets);
    $("risks-search").addEventListener("input", filterRisks);
    $("risks-state").addEventListener("change", filterRisks);
    document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.tab)));
    $("lang-toggle").addEventListener("click", () => { lang = lang === "en" ? "ja" : "en"; try { localStorage.setItem("mamori-lang", lang); } catch (e) { /* ignore */ } renderAll(); });
    $("detail-close").addEventListener("click", () => { $("detail").hidden = true; detailState = null; });
    $("detail-body").addEventListener("click", (e) => { const a = e.target.closest("a.res"); if (a) openResource(+a.dataset.r); });
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("detail").hidden = true; });
    renderAll();
    const tab = location.hash.slice(1);
    show(["summary", "trends", "findings", "assets", "risks", "soa"].includes(tab) ? tab : "summary");
    $("app").dataset.ready = "1";
  }
  main().catch((e) => { document.body.insertAdjacentHTML("afterbegin", `<p style="color:#c0392b">mamori: ${esc(e && e.message)}</p>`); throw e; });
})();
