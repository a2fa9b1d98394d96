// The office's page of the BIJ inbox: plain JavaScript over the inbox's API, no external code. The login stays in
// this page's memory only; the API decides what the role may do and records every view and mark.
"use strict";
let login = null;
const overzicht = document.getElementById("overzicht");
const melding = document.getElementById("melding");

async function api(method, path) {
  const response = await fetch("/api" + path,
      { method, headers: { Authorization: login, "X-Requested-With": "bij" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || body.reason || response.status);
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([k, v]) => k === "onclick" ? node.addEventListener("click", v) : node.setAttribute(k, v));
  children.forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c ?? "-")));
  return node;
}

const SOORT = { NIEUW: "Nieuw", WIJZIGING: "Wijziging", INTREKKING: "Intrekking" };

function datum(iso) {
  return new Date(iso).toLocaleString("nl-NL", { dateStyle: "medium", timeStyle: "short" });
}

async function meldingen() {
  const rows = await api("GET", "/notices");
  const herinneringen = rows.filter(r => r.reminder !== null).length;
  const badge = document.getElementById("herinneringen");
  badge.hidden = herinneringen === 0;
  badge.textContent = herinneringen + " bijna te vernietigen";
  melding.hidden = true;
  const kop = el("tr", {}, ...["Kenmerk", "Soort", "Wijzigt", "Ontvangen", "Vernietigen op", "Maatregelen", ""].map(t => el("th", {}, t)));
  const regels = rows.map(r => el("tr", { id: r.noticeId, class: r.stage === "ARCHIVED" ? "archief" : r.urgent ? "spoed" : "" },
      el("td", {}, r.noticeId, r.urgent ? " (spoed)" : ""),
      el("td", {}, SOORT[r.type] || r.type),
      el("td", {}, r.changes ? el("a", { href: "#" + r.changes }, r.changes) : "-"),
      el("td", {}, datum(r.receivedAt)),
      el("td", r.reminder !== null ? { class: "termijn" } : {}, r.destroyBy + (r.stage === "ARCHIVED" ? " (archief)" : " (nog " + r.daysLeft + " dagen)")),
      el("td", {}, r.measuresTaken ? "genomen" : "nee"),
      el("td", {},
          el("button", { onclick: () => lees(r.noticeId) }, "Lees"),
          r.measuresTaken || r.stage === "ARCHIVED" ? "" : el("button", { onclick: () => maatregelen(r.noticeId) }, "Maatregelen genomen"))));
  overzicht.replaceChildren(el("h2", {}, "Meldingen"), rows.length ? el("table", {}, kop, ...regels) : el("p", {}, "Geen meldingen."));
}

async function lees(noticeId) {
  try {
    const body = await api("GET", "/notices/" + noticeId + "/tekst");
    melding.textContent = body.tekst;
    melding.hidden = false;
    melding.scrollIntoView();
  } catch (e) {
    melding.textContent = "Niet te openen: " + e.message;
    melding.hidden = false;
  }
}

async function maatregelen(noticeId) {
  if (!confirm("Vastleggen dat er maatregelen zijn genomen voor melding " + noticeId + "?")) return;
  await api("POST", "/notices/" + noticeId + "/maatregelen");
  await meldingen();
}

async function logboek() {
  const rows = await api("GET", "/audit");
  const kop = el("tr", {}, ...["Wanneer", "Wie", "Wat", "Melding", "Toelichting"].map(t => el("th", {}, t)));
  overzicht.replaceChildren(el("h2", {}, "Logboek"), el("table", {}, kop,
      ...rows.map(r => el("tr", {}, el("td", {}, datum(r.at)), el("td", {}, r.who), el("td", {}, r.action),
          el("td", {}, r.noticeId), el("td", {}, r.detail)))));
  melding.hidden = true;
}

document.getElementById("aanmelden").addEventListener("submit", async e => {
  e.preventDefault();
  login = "Basic " + btoa(document.getElementById("gebruiker").value + ":" + document.getElementById("wachtwoord").value);
  try {
    await meldingen();
    document.getElementById("aanmelden").hidden = true;
    document.getElementById("menu").hidden = false;
  } catch (err) {
    login = null;
    document.getElementById("fout").textContent = "Aanmelden mislukt.";
  }
});
document.querySelectorAll("nav button[data-view]").forEach(b => b.addEventListener("click",
    () => b.dataset.view === "logboek" ? logboek() : meldingen()));
document.getElementById("afmelden").addEventListener("click", () => location.reload());
