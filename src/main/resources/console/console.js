// The operators' console: plain JavaScript over the admin API (/api/v1), no external code. The credentials stay
// in this page's memory only; every call sends them, and the API decides what the role may do.
"use strict";
let authorization = null;
const view = document.getElementById("view");
const detail = document.getElementById("detail");

async function api(method, path, params) {
  const query = params ? "?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")) : "";
  // X-Requested-With: the API refuses a state-changing call without it (a page of another site cannot send it)
  const response = await fetch("/api/v1" + path + query,
      { method, headers: { Authorization: authorization, "X-Requested-With": "bij" } });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { const problem = JSON.parse(text); message = problem.detail || problem.error; } catch (e) { /* not JSON */ }
    throw new Error(response.status + ": " + message);
  }
  return response.headers.get("Content-Type")?.startsWith("application/json") ? JSON.parse(text) : text;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([k, v]) => k === "onclick" ? node.addEventListener("click", v) : node.setAttribute(k, v));
  children.forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c ?? "-")));
  return node;
}

function table(rows, columns, actions) {
  if (!rows.length) return el("p", {}, "Geen.");
  const head = el("tr", {}, ...columns.map(([, title]) => el("th", {}, title)), actions ? el("th", {}, "Acties") : "");
  const body = rows.map(row => el("tr", { class: row._state || "" },
      ...columns.map(([key]) => el("td", {}, String(row[key] ?? "-"))),
      actions ? el("td", {}, ...actions(row)) : ""));
  return el("table", {}, head, ...body);
}

function show(title, ...content) {
  detail.hidden = true;
  view.replaceChildren(el("h2", {}, title), ...content);
}

function showDetail(text) {
  detail.textContent = text;
  detail.hidden = false;
  detail.scrollIntoView();
}

async function act(call) {
  try {
    const result = await call();
    showDetail(typeof result === "string" ? result : JSON.stringify(result, null, 2));
  } catch (e) {
    showDetail("Niet gelukt: " + e.message);
  }
}

/** A legal question answered "yes": the route and the written reason; a second operator confirms it. */
function judge(row) {
  const route = prompt("Route: ROUTE_A_LIST1, ROUTE_A_LIST2, ROUTE_A_ARSON, ROUTE_B_TBS of ROUTE_C_PIJ?");
  if (!route) return;
  const ground = route === "ROUTE_A_LIST1" ? prompt("Grond: ZEDEN of GEWELD?") : undefined;
  const municipality = prompt("Gemeentecode, als de gebeurtenis er geen noemt (anders leeg laten)?") || undefined;
  const reason = prompt("Juridische motivering (geen persoonsgegevens)?");
  if (reason) {
    act(() => api("POST", "/items/review/" + row.eventId + "/resolve", { route, ground, municipality, reason }));
  }
}

const views = {
  async status() {
    const s = await api("GET", "/status");
    const count = d => (s.decisions.find(x => x.decision === d) || { count: 0 }).count;
    const flows = [
      { flow: "Levering", open: count("FAILED"), _state: count("FAILED") ? "rood" : "groen" },
      { flow: "Beoordeling", open: count("MANUAL_REVIEW"), _state: count("MANUAL_REVIEW") ? "rood" : "groen" },
      { flow: "Onderweg", open: count("DELIVERING"), sinds: s.oldestDelivering,
        _state: s.oldestDelivering && Date.now() - Date.parse(s.oldestDelivering) > 3600000 ? "rood" : "groen" },
      { flow: "Dode brieven", open: s.deadLetters, _state: s.deadLetters > 0 ? "rood" : "groen" },
    ];
    const byCode = {};
    s.municipalities.forEach(m => {
      const row = byCode[m.municipality] ||= { municipality: m.municipality, DELIVERED: 0, FAILED: 0, PENDING: 0 };
      row[m.status] = (row[m.status] || 0) + m.count;
    });
    const municipalities = Object.values(byCode).map(m => ({ ...m, _state: m.FAILED ? "rood" : "groen" }));
    show("Status",
        table(flows, [["flow", "Stroom"], ["open", "Openstaand"], ["sinds", "Oudste sinds"]]),
        el("h3", {}, "Per gemeente"),
        table(municipalities, [["municipality", "Gemeente"], ["DELIVERED", "Afgeleverd"], ["FAILED", "Mislukt"],
          ["PENDING", "Wacht"]]));
  },
  async failed() {
    const rows = await api("GET", "/items/failed");
    show("Mislukte leveringen", table(rows, [["eventId", "Gebeurtenis"], ["municipality", "Gemeente"],
        ["reason", "Reden"], ["decidedAt", "Sinds"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/notices/" + row.noticeId)) }, "Bekijk"),
      el("button", { onclick: () => act(() => api("POST", "/replay/events/" + row.eventId)) }, "Opnieuw"),
    ]));
  },
  async review() {
    const rows = await api("GET", "/items/review");
    show("Te beoordelen", table(rows, [["eventId", "Gebeurtenis"], ["decision", "Besluit"], ["reason", "Reden"],
        ["reviewReasons", "Signaal"], ["municipality", "Gemeente"], ["decidedAt", "Sinds"]], row =>
      row.decision === "MANUAL_REVIEW" ? [
        el("button", { onclick: () => act(() => api("GET", "/items/review/" + row.eventId + "/document")) }, "Bekijk"),
        el("button", { onclick: () => {
          const code = prompt("Gemeentecode (4 cijfers)?");
          const reason = code && prompt("Reden (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/resolve", { municipality: code, reason }));
        } }, "Kies gemeente"),
        el("button", { onclick: () => judge(row) }, "Valt eronder"),
        el("button", { onclick: () => {
          const reason = prompt("Waarom valt dit niet onder de regeling (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/close", { reason }));
        } }, "Valt er niet onder"),
      ] : [
        // a notified event with a flag (INTENDED_MUNICIPALITY_DIFFERS): seen and handled, then off the list
        el("button", { onclick: () => {
          const reason = prompt("Wat is er gedaan (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/acknowledge", { reason }));
        } }, "Gezien"),
      ]));
  },
  async confirm() {
    const rows = await api("GET", "/items/confirm");
    show("Te bevestigen (vier ogen)", table(rows, [["eventId", "Gebeurtenis"], ["reason", "Vraag"],
        ["judgedRoute", "Oordeel"], ["judgedBy", "Door"], ["judgedAt", "Op"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/items/review/" + row.eventId + "/document")) }, "Bekijk"),
      el("button", { onclick: () => act(() => api("GET", "/trail", { eventId: row.eventId })) }, "Spoor"),
      el("button", { onclick: () => {
        if (confirm("Het oordeel van " + row.judgedBy + " bevestigen? De melding gaat dan naar de burgemeester.")) {
          act(() => api("POST", "/items/review/" + row.eventId + "/confirm"));
        }
      } }, "Bevestig"),
    ]));
  },
  async rejected() {
    const rows = await api("GET", "/items/rejected");
    show("Afgewezen berichten", table(rows, [["messageId", "Bericht"], ["reason", "Reden"], ["detail", "Toelichting"],
        ["decidedAt", "Sinds"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/rejected/" + row.messageId)) }, "Bekijk"),
      el("button", { onclick: () => {
        const reason = prompt("Reden van verwijderen?");
        if (reason && confirm("Het bewaarde bericht verwijderen? Het besluit blijft bestaan.")) {
          act(() => api("POST", "/rejected/" + row.messageId + "/delete", { reason }));
        }
      } }, "Verwijder"),
    ]));
  },
  async deadLetters() {
    const rows = await api("GET", "/dead-letters");
    show("Dode brieven (na alle pogingen)", table(rows, [["messageId", "Bericht"], ["from", "Uit wachtrij"],
        ["eventId", "Gebeurtenis"], ["sentAt", "Verzonden"], ["bytes", "Grootte"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/dead-letters/" + row.messageId)) }, "Bekijk"),
      el("button", { onclick: () => {
        const reason = prompt("Wat is er hersteld (kenmerk, geen persoonsgegevens)?");
        if (reason) act(() => api("POST", "/dead-letters/" + row.messageId + "/requeue", { reason }));
      } }, "Opnieuw aanbieden"),
      el("button", { onclick: () => {
        const reason = prompt("Reden van verwijderen?");
        if (reason && confirm("Dit bericht verwijderen? Het krijgt dan geen besluit meer.")) {
          act(() => api("POST", "/dead-letters/" + row.messageId + "/delete", { reason }));
        }
      } }, "Verwijder"),
    ]));
  },
  async trail() {
    const input = el("input", { id: "trail-event", "aria-label": "Gebeurtenis (eventId)" });
    const result = el("div", {});
    const form = el("form", {}, el("label", {}, "Gebeurtenis (eventId) ", input), el("button", { type: "submit" }, "Toon"));
    form.addEventListener("submit", async e => {
      e.preventDefault();
      try {
        const t = await api("GET", "/trail", { eventId: input.value.trim() });
        result.replaceChildren(
            el("h3", {}, "Besluiten"), table(t.decisions, [["decision", "Besluit"], ["reason", "Reden"], ["detail", "Toelichting"]]),
            el("h3", {}, "Meldingen"), table(t.notices, [["noticeId", "Melding"], ["noticeType", "Soort"], ["municipality", "Gemeente"],
              ["status", "Stand"]], n => [el("button", { onclick: () => {
                if (confirm("Deze melding nogmaals versturen (geforceerd), met hetzelfde kenmerk? Dit wordt vastgelegd.")) {
                  act(() => api("POST", "/replay/events/" + input.value.trim(), { force: "true" }));
                }
              } }, "Forceer opnieuw")]),
            el("h3", {}, "Handelingen"), table(t.operatorActions, [["at", "Tijd"], ["operator", "Wie"], ["action", "Wat"], ["outcome", "Uitkomst"]]));
      } catch (err) {
        result.replaceChildren(el("p", { class: "fout" }, "Niet gelukt: " + err.message));
      }
    });
    show("Spoor van een gebeurtenis", form, result);
  },
};

async function open(name) {
  try {
    await views[name]();
  } catch (e) {
    show("Fout", el("p", { class: "fout" }, e.message));
  }
}

document.getElementById("login").addEventListener("submit", async e => {
  e.preventDefault();
  authorization = "Basic " + btoa(document.getElementById("user").value + ":" + document.getElementById("password").value);
  try {
    await api("GET", "/status");
    document.getElementById("login").hidden = true;
    document.getElementById("menu").hidden = false;
    open("status");
  } catch (err) {
    authorization = null;
    document.getElementById("login-error").textContent = "Aanmelden mislukt.";
  }
});
document.querySelectorAll("nav button[data-view]").forEach(b => b.addEventListener("click", () => open(b.dataset.view)));
document.getElementById("logout").addEventListener("click", () => location.reload());
