// The operators' console: plain JavaScript over the admin API (/api/v1), no external code. The credentials stay
// in this page's memory only; every call sends them, and the API decides what the role may do. Everything from
// the API is shown as text (textContent), never as markup: a document may carry what an attacker put in it.
"use strict";
let authorization = null;
const view = document.getElementById("view");
const detail = document.getElementById("detail");
const PAGE_SIZE = 25;
// the operators' own clock: Dutch, in Amsterdam's time, whatever the browser's machine is set to
const WHEN = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", dateStyle: "medium", timeStyle: "short" });
const DAY = new Intl.DateTimeFormat("nl-NL", { timeZone: "UTC", dateStyle: "medium" });

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

/** How a value of a kind reads for a person: a time in Amsterdam, a decision or a code in Dutch words. */
const READ = {
  time: iso => {
    if (!iso) return "-";
    const moment = new Date(iso);
    return isNaN(moment) ? String(iso) : WHEN.format(moment);
  },
  day: date => /^\d{4}-\d{2}-\d{2}$/.test(date || "") ? DAY.format(new Date(date + "T00:00:00Z")) : date || "-",
  decision: code => DECISIONS[code] || code || "-",
  reason: code => !code ? "-" : REASONS[code] ? REASONS[code] + " (" + code + ")" : code,
  reasons: codes => (Array.isArray(codes) ? codes : String(codes ?? "").split(/[\s,;\[\]]+/)).filter(c => c)
      .map(c => READ.reason(c)).join("; ") || "-",
  state: code => NOTICE_STATES[code] ? NOTICE_STATES[code] + " (" + code + ")" : code || "-",
};

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([k, v]) => k === "onclick" ? node.addEventListener("click", v) : node.setAttribute(k, v));
  children.forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c ?? "-")));
  return node;
}

/** columns: [key, title, kind] with kind one of READ's, or none for the value as it is. */
function table(rows, columns, actions) {
  if (!rows.length) return el("p", {}, "Geen.");
  const head = el("tr", {}, ...columns.map(([, title]) => el("th", {}, title)), actions ? el("th", {}, "Acties") : "");
  const body = rows.map(row => el("tr", { class: row._state || "" },
      ...columns.map(([key, , kind]) => el("td", {}, kind ? READ[kind](row[key]) : String(row[key] ?? "-"))),
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

async function act(call, describe) {
  try {
    const result = await call();
    showDetail((describe || readable)(result));
  } catch (e) {
    showDetail("Niet gelukt: " + e.message);
  }
}

/** A JSON answer as lines of text; an XML document as its elements, indented, with Dutch names where known. */
function readable(result) {
  if (typeof result === "string") return result.trimStart().startsWith("<") ? readableXml(result) : result;
  if (result && Array.isArray(result.notices)) return replayed(result);
  return Object.entries(result || {}).map(([key, value]) => key + ": " + (typeof value === "object"
      ? JSON.stringify(value) : READ[key] ? READ[key](value) : value)).join("\n");
}

function readableXml(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  if (doc.getElementsByTagName("parsererror").length) return text;
  const lines = [];
  const walk = (node, depth) => {
    const name = node.localName;
    const label = ELEMENTS[name] || name;
    const indent = "  ".repeat(depth);
    const attributes = Array.from(node.attributes).filter(a => !a.name.startsWith("xmlns"))
        .map(a => a.localName + " " + a.value).join(", ");
    const children = Array.from(node.children);
    if (name === "Signature") {
      lines.push(indent + label + ": aanwezig (controleer haar met bij-service verify)");
    } else if (!children.length) {
      lines.push(indent + label + ": " + value(node.textContent.trim()) + (attributes ? " (" + attributes + ")" : ""));
    } else {
      lines.push(indent + label + (attributes ? " (" + attributes + ")" : ""));
      children.forEach(child => walk(child, depth + 1));
    }
  };
  walk(doc.documentElement, 0);
  return lines.join("\n");
}

/** A leaf of a document as a person reads it: dates and times in Dutch, yes or no. */
function value(text) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return READ.day(text);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return READ.time(text);
  return text === "true" ? "ja" : text === "false" ? "nee" : text;
}

/** What a replay did (or would do), per notice, in words. */
function replayed(result) {
  const outcome = text => text
      .replace(/^would be /, "zou worden: ")
      .replace("requeued: delivered again with its own noticeId", "opnieuw aangeboden, met haar eigen kenmerk")
      .replace("requeued: sent once more with the same noticeId (forced)", "nogmaals verstuurd, met hetzelfde kenmerk (geforceerd)")
      .replace(/^nothing: /, "niets: ");
  const head = result.dryRun ? "Voorbeeld, er is niets veranderd:" : result.force ? "Geforceerd opnieuw:" : "Opnieuw:";
  const lines = result.notices.map(n => "melding " + n.noticeId + " (gemeente " + n.municipality + ", "
      + READ.state(n.status) + "): " + outcome(n.outcome));
  return [head, ...(lines.length ? lines : ["geen mislukte meldingen"])].join("\n");
}

/** A list of the API, one page at a time, newest first. */
async function pagedList(kind, columns, actions, page = 0) {
  const rows = await api("GET", "/items/" + kind, { page, size: PAGE_SIZE });
  const again = to => () => open(async () => view.querySelector(".paged").replaceWith(...await pagedList(kind, columns, actions, to)));
  const previous = el("button", { onclick: again(page - 1) }, "Vorige");
  const next = el("button", { onclick: again(page + 1) }, "Volgende");
  if (page === 0) previous.setAttribute("disabled", "");
  if (rows.length < PAGE_SIZE) next.setAttribute("disabled", "");
  return [el("div", { class: "paged" }, table(rows, columns, actions),
      el("p", { class: "pager" }, previous, " Pagina " + (page + 1) + " ", next))];
}

function ask(question) {
  const answer = prompt(question);
  return answer === null ? null : answer.trim();
}

/** A legal question answered "yes": the route and the written reason; a second operator confirms it. */
function judge(row) {
  const route = ask("Route: ROUTE_A_LIST1, ROUTE_A_LIST2, ROUTE_A_ARSON, ROUTE_B_TBS of ROUTE_C_PIJ?");
  if (!route) return;
  // empty: the service reads the ground from the offences (ZEDEN if any is a list-1 sexual offence, else GEWELD)
  const ground = route === "ROUTE_A_LIST1" ? ask("Grond: ZEDEN of GEWELD? (leeg: uit de delicten)") || undefined : undefined;
  const municipality = ask("Gemeentecode, als de gebeurtenis er geen noemt (anders leeg laten)?") || undefined;
  const reason = ask("Juridische motivering (geen persoonsgegevens)?");
  if (reason) {
    act(() => api("POST", "/items/review/" + row.eventId + "/resolve", { route, ground, municipality, reason }));
  }
}

/** Every failed notice of one municipality again: first what would happen, then, confirmed, the replay itself. */
function bulkReplay() {
  const code = el("input", { id: "bulk-municipality", "aria-label": "Gemeentecode", size: "6" });
  const result = el("div", { id: "bulk-result" });
  const form = el("form", {}, el("label", {}, "Alle mislukte meldingen van gemeente ", code),
      el("button", { type: "submit" }, "Toon wat opnieuw gaat"));
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const municipality = code.value.trim();
    try {
      const preview = await api("POST", "/replay/municipalities/" + municipality, { dryRun: "true" });
      const count = preview.notices.filter(n => n.outcome.startsWith("would be requeued")).length;
      const go = el("button", { onclick: () => {
        if (confirm(count + " melding(en) van gemeente " + municipality + " opnieuw versturen? Dit wordt vastgelegd.")) {
          act(() => api("POST", "/replay/municipalities/" + municipality));
        }
      } }, "Verstuur deze " + count + " opnieuw");
      if (!count) go.setAttribute("disabled", "");
      result.replaceChildren(el("pre", {}, replayed(preview)), go);
    } catch (err) {
      result.replaceChildren(el("p", { class: "fout" }, "Niet gelukt: " + err.message));
    }
  });
  return [el("h3", {}, "Per gemeente opnieuw"), form, result];
}

const views = {
  async status() {
    const s = await api("GET", "/status");
    const count = d => (s.decisions.find(x => x.decision === d) || { count: 0 }).count;
    const flows = [
      { flow: "Levering", open: count("FAILED"), sinds: s.oldestFailed, _state: count("FAILED") ? "rood" : "groen" },
      { flow: "Beoordeling", open: count("MANUAL_REVIEW"), sinds: s.oldestReview,
        _state: count("MANUAL_REVIEW") ? "rood" : "groen" },
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
        table(flows, [["flow", "Stroom"], ["open", "Openstaand"], ["sinds", "Oudste sinds", "time"]]),
        el("h3", {}, "Per gemeente"),
        table(municipalities, [["municipality", "Gemeente"], ["DELIVERED", "Afgeleverd"], ["FAILED", "Mislukt"],
          ["PENDING", "Wacht"]]),
        el("h3", {}, "Besluiten"),
        table(s.decisions, [["decision", "Besluit", "decision"], ["count", "Aantal"]]));
  },
  async failed() {
    show("Mislukte leveringen", ...await pagedList("failed", [["eventId", "Gebeurtenis"],
        ["municipality", "Gemeente"], ["reason", "Reden", "reason"], ["decidedAt", "Sinds", "time"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/notices/" + row.noticeId)) }, "Bekijk"),
      el("button", { onclick: () => act(() => api("POST", "/replay/events/" + row.eventId)) }, "Opnieuw"),
    ]), ...bulkReplay());
  },
  async review() {
    show("Te beoordelen", ...await pagedList("review", [["eventId", "Gebeurtenis"],
        ["decision", "Besluit", "decision"], ["reason", "Reden", "reason"], ["reviewReasons", "Signaal", "reasons"],
        ["municipality", "Gemeente"], ["decidedAt", "Sinds", "time"]], row =>
      row.decision === "MANUAL_REVIEW" ? [
        el("button", { onclick: () => act(() => api("GET", "/items/review/" + row.eventId + "/document")) }, "Bekijk"),
        el("button", { onclick: () => {
          const code = ask("Gemeentecode (4 cijfers)?");
          const reason = code && ask("Reden (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/resolve", { municipality: code, reason }));
        } }, "Kies gemeente"),
        el("button", { onclick: () => judge(row) }, "Valt eronder"),
        el("button", { onclick: () => {
          const reason = ask("Waarom valt dit niet onder de regeling (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/close", { reason }));
        } }, "Valt er niet onder"),
        // a notice given earlier that an update left standing (an escape, say): withdrawn by a person's decision
        el("button", { onclick: () => {
          const reason = ask("Waarom wordt de eerdere melding ingetrokken (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/withdraw", { reason }));
        } }, "Melding intrekken"),
      ] : [
        // a notified event with a flag (INTENDED_MUNICIPALITY_DIFFERS): seen and handled, then off the list
        el("button", { onclick: () => {
          const reason = ask("Wat is er gedaan (kenmerk, geen persoonsgegevens)?");
          if (reason) act(() => api("POST", "/items/review/" + row.eventId + "/acknowledge", { reason }));
        } }, "Gezien"),
      ]));
  },
  async confirm() {
    show("Te bevestigen (vier ogen)", ...await pagedList("confirm", [["eventId", "Gebeurtenis"],
        ["reason", "Vraag", "reason"], ["judgedRoute", "Oordeel", "reason"], ["judgedBy", "Door"],
        ["judgedAt", "Op", "time"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/items/review/" + row.eventId + "/document")) }, "Bekijk"),
      el("button", { onclick: () => open(() => trailOf(row.eventId)) }, "Spoor"),
      el("button", { onclick: () => {
        if (confirm("Het oordeel van " + row.judgedBy + " bevestigen? De melding gaat dan naar de burgemeester.")) {
          act(() => api("POST", "/items/review/" + row.eventId + "/confirm"));
        }
      } }, "Bevestig"),
    ]));
  },
  async rejected() {
    show("Afgewezen berichten", ...await pagedList("rejected", [["messageId", "Bericht"],
        ["reason", "Reden", "reason"], ["detail", "Toelichting"], ["decidedAt", "Sinds", "time"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/rejected/" + row.messageId)) }, "Bekijk"),
      el("button", { onclick: () => {
        const reason = ask("Reden van verwijderen?");
        if (reason && confirm("Het bewaarde bericht verwijderen? Het besluit blijft bestaan.")) {
          act(() => api("POST", "/rejected/" + row.messageId + "/delete", { reason }));
        }
      } }, "Verwijder"),
    ]));
  },
  async delivering() {
    // oldest first: a notice on its way for more than a few minutes is stuck (docs/operators.md)
    show("Onderweg (oudste eerst)", ...await pagedList("delivering", [["eventId", "Gebeurtenis"],
        ["municipality", "Gemeente"], ["noticeId", "Melding"], ["decidedAt", "Sinds", "time"]], row => [
      el("button", { onclick: () => open(() => trailOf(row.eventId)) }, "Spoor"),
    ]));
  },
  async recent() {
    show("Recente besluiten", ...await pagedList("recent", [["eventId", "Gebeurtenis"],
        ["decision", "Besluit", "decision"], ["reason", "Reden", "reason"], ["municipality", "Gemeente"],
        ["decidedAt", "Op", "time"]], row => row.eventId ? [
      el("button", { onclick: () => open(() => trailOf(row.eventId)) }, "Spoor"),
    ] : []));
  },
  async deadLetters() {
    const rows = await api("GET", "/dead-letters");
    show("Dode brieven (na alle pogingen, of verlopen)", table(rows, [["messageId", "Bericht"], ["from", "Uit wachtrij"],
        ["why", "Waarom"], ["eventId", "Gebeurtenis"], ["sentAt", "Verzonden", "time"], ["bytes", "Grootte"]], row => [
      el("button", { onclick: () => act(() => api("GET", "/dead-letters/" + row.messageId)) }, "Bekijk"),
      el("button", { onclick: () => {
        const reason = ask("Wat is er hersteld (kenmerk, geen persoonsgegevens)?");
        if (reason) act(() => api("POST", "/dead-letters/" + row.messageId + "/requeue", { reason }));
      } }, "Opnieuw aanbieden"),
      el("button", { onclick: () => {
        const reason = ask("Reden van verwijderen?");
        if (reason && confirm("Dit bericht verwijderen? Het krijgt dan geen besluit meer.")) {
          act(() => api("POST", "/dead-letters/" + row.messageId + "/delete", { reason }));
        }
      } }, "Verwijder"),
    ]));
  },
  async suppressions() {
    const rules = await api("GET", "/suppressions");
    const municipality = el("input", { id: "suppress-municipality", "aria-label": "Gemeentecode", size: "6" });
    const from = el("input", { id: "suppress-from", type: "date", "aria-label": "Vanaf" });
    const until = el("input", { id: "suppress-until", type: "date", "aria-label": "Tot en met" });
    const reason = el("input", { id: "suppress-reason", "aria-label": "Reden", size: "40" });
    const form = el("form", {}, el("label", {}, "Gemeente ", municipality), el("label", {}, "Vanaf ", from),
        el("label", {}, "Tot en met ", until), el("label", {}, "Reden (kenmerk, geen persoonsgegevens) ", reason),
        el("button", { type: "submit" }, "Onderdruk"));
    form.addEventListener("submit", e => {
      e.preventDefault();
      if (confirm("Meldingen aan gemeente " + municipality.value + " onderdrukken? Er gaat dan geen melding naar die burgemeester.")) {
        act(() => api("POST", "/suppressions", { municipality: municipality.value.trim(), from: from.value,
          until: until.value, reason: reason.value.trim() }));
      }
    });
    show("Onderdrukken",
        el("h3", {}, "Toegevoegd door beheerders"),
        table(rules.added.map(r => ({ ...r, _state: r.liftedAt ? "" : "rood" })), [["id", "Nr"],
          ["municipality", "Gemeente"], ["validFrom", "Vanaf", "day"], ["validUntil", "Tot en met", "day"], ["reason", "Reden"],
          ["addedBy", "Door"], ["addedAt", "Op", "time"], ["liftedBy", "Opgeheven door"], ["liftedAt", "Opgeheven op", "time"]],
          r => r.liftedAt ? [] : [el("button", { onclick: () => {
            const why = ask("Waarom opheffen (kenmerk)?");
            if (why) act(() => api("POST", "/suppressions/" + r.id + "/lift", { reason: why }));
          } }, "Opheffen")]),
        el("h3", {}, "Uit het configuratiebestand"),
        table(rules.configured, [["municipality", "Gemeente"], ["validFrom", "Vanaf", "day"], ["validUntil", "Tot en met", "day"],
          ["reason", "Reden"]]),
        el("h3", {}, "Nieuwe regel"), form);
  },
  async trail() {
    const input = el("input", { id: "trail-event", "aria-label": "Gebeurtenis (eventId)" });
    const form = el("form", {}, el("label", {}, "Gebeurtenis (eventId) ", input), el("button", { type: "submit" }, "Toon"));
    form.addEventListener("submit", e => {
      e.preventDefault();
      open(() => trailOf(input.value.trim()));
    });
    show("Spoor van een gebeurtenis", form);
  },
};

/** Everything done about one event, in the order it happened, with the forced resend of a delivered notice. */
async function trailOf(eventId) {
  const t = await api("GET", "/trail", { eventId });
  show("Spoor van gebeurtenis " + eventId,
      el("h3", {}, "Besluiten, elke wijziging"),
      table(t.changes, [["at", "Tijd", "time"], ["decision", "Besluit", "decision"], ["reason", "Reden", "reason"],
        ["detail", "Toelichting"]]),
      el("h3", {}, "Meldingen"),
      table(t.notices, [["noticeId", "Melding"], ["noticeType", "Soort"], ["municipality", "Gemeente"],
        ["status", "Stand", "state"], ["dueOn", "Verstuurdatum", "day"], ["deliveredAt", "Afgeleverd", "time"]], n => [
        el("button", { onclick: () => act(() => api("GET", "/notices/" + n.noticeId)) }, "Bekijk"),
        el("button", { onclick: () => {
          if (confirm("Deze melding nogmaals versturen (geforceerd), met hetzelfde kenmerk? Dit wordt vastgelegd.")) {
            act(() => api("POST", "/replay/events/" + eventId, { force: "true" }));
          }
        } }, "Forceer opnieuw")]),
      el("h3", {}, "Handelingen van beheerders"),
      table(t.operatorActions, [["at", "Tijd", "time"], ["operator", "Wie"], ["action", "Wat"], ["outcome", "Uitkomst"]]));
}

/** Opens a view by name, or shows what a function shows; a failure is shown instead of the view. */
async function open(what) {
  try {
    await (typeof what === "function" ? what() : views[what]());
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
