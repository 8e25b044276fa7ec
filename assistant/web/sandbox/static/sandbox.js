// The sandbox page plays Messenger: it sends the shopper's actions to the web app (which signs
// them as Facebook webhooks for the Rasa connector) and renders what the connector sends to the
// fake Graph API, received over server-sent events.
"use strict";

const thread = document.getElementById("thread");
const quickReplies = document.getElementById("quick-replies");
const statusLine = document.getElementById("status");
const intro = document.getElementById("intro");
let psid = localStorage.getItem("sandbox-psid");
if (!psid) {
  psid = "sandbox-" + Math.random().toString(36).slice(2, 12);
  localStorage.setItem("sandbox-psid", psid);
}
let typing = null;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scrollDown() {
  thread.scrollTop = thread.scrollHeight;
}

function add(node) {
  intro.hidden = true;
  if (typing) { typing.remove(); typing = null; }
  thread.appendChild(node);
  scrollDown();
}

async function send(action) {
  quickReplies.replaceChildren();
  if (action.type !== "referral") add(el("div", "bubble me", action.text || "[Photo]"));
  const response = await fetch("/sandbox/api/events", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({psid, ...action}),
  });
  if (!response.ok) add(el("div", "bubble bot error", `(sandbox: the connector answered ${response.status})`));
}

function button(spec) {
  const node = el("button", "", spec.title);
  node.addEventListener("click", () => {
    if (spec.type === "web_url") window.open(spec.url, "_blank");
    else send({type: "postback", text: spec.title, payload: spec.payload});
  });
  return node;
}

function image(url, title) {
  // Catalog images may be unreachable offline: a coloured tile with the title's first letter
  // stands in (a letter: a flight's title starts with its departure time).
  const initial = ((title || "").match(/\p{L}/u) || ["?"])[0];
  const box = el("div", "img", initial.toUpperCase());
  const hue = [...(title || "")].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 360;
  box.style.background = `linear-gradient(135deg, hsl(${hue} 60% 62%), hsl(${(hue + 40) % 360} 60% 48%))`;
  if (url) {
    const img = new Image();
    img.onload = () => {
      box.textContent = "";
      box.style.background = `center / cover url("${url}")`;
    };
    img.src = url;
  }
  return box;
}

function money(value, currency) {
  try {
    return new Intl.NumberFormat(undefined, {style: "currency", currency}).format(value);
  } catch (error) {
    return `${value} ${currency}`;
  }
}

function renderTemplate(payload) {
  if (payload.template_type === "button") {
    const box = el("div", "card-box");
    box.appendChild(el("div", "text", payload.text));
    payload.buttons.forEach((spec) => box.appendChild(button(spec)));
    return box;
  }
  if (payload.template_type === "generic") {
    const row = el("div", "carousel");
    for (const item of payload.elements) {
      const card = el("div", "card");
      card.appendChild(image(item.image_url, item.title));
      const body = el("div", "body");
      body.appendChild(el("h3", "", item.title));
      if (item.subtitle) body.appendChild(el("p", "", item.subtitle));
      card.appendChild(body);
      (item.buttons || []).forEach((spec) => card.appendChild(button(spec)));
      row.appendChild(card);
    }
    return row;
  }
  if (payload.template_type === "receipt") {
    const box = el("div", "receipt");
    box.appendChild(el("h3", "", "Receipt"));
    box.appendChild(el("div", "", `Order ${payload.order_number} · ${payload.payment_method}`));
    for (const item of payload.elements || []) {
      const row = el("div", "row");
      row.appendChild(el("span", "", `${item.quantity || 1} × ${item.title}`));
      row.appendChild(el("span", "", money(item.price, payload.currency)));
      box.appendChild(row);
    }
    const total = el("div", "row total");
    total.appendChild(el("span", "", "Total"));
    total.appendChild(el("span", "", money(payload.summary.total_cost, payload.currency)));
    box.appendChild(total);
    return box;
  }
  return el("div", "bubble bot", `[${payload.template_type} template]`);
}

function render(body) {
  if (body.sender_action) {
    if (body.sender_action === "typing_on" && !typing) {
      typing = el("div", "typing", "typing…");
      thread.appendChild(typing);
      scrollDown();
    }
    return;
  }
  const message = body.message;
  if (message.text !== undefined) {
    add(el("div", "bubble bot", message.text));
  } else if (message.attachment.type === "template") {
    add(renderTemplate(message.attachment.payload));
  } else if (message.attachment.type === "image") {
    const img = el("img", "bubble bot");
    img.src = message.attachment.payload.url;
    img.alt = "image";
    add(img);
  }
  quickReplies.replaceChildren();
  for (const reply of message.quick_replies || []) {
    const chip = el("button", "", reply.title || reply.content_type);
    chip.addEventListener("click", () =>
      send({type: "quick_reply", text: reply.title, payload: reply.payload}));
    quickReplies.appendChild(chip);
  }
}

function connect() {
  const source = new EventSource(`/sandbox/api/stream?psid=${encodeURIComponent(psid)}`);
  source.onopen = () => { statusLine.textContent = "Active now"; };
  source.onerror = () => { statusLine.textContent = "reconnecting…"; };
  source.onmessage = (event) => render(JSON.parse(event.data));
}

async function loadProfile() {
  const profile = await (await fetch("/sandbox/api/profile")).json();
  const french = navigator.language.startsWith("fr");
  const pick = (items) =>
    (french && items.find((item) => item.locale === "fr_FR")) ||
    items.find((item) => item.locale === "default");
  const greeting = pick(profile.greeting || []);
  document.getElementById("greeting").textContent =
    greeting ? greeting.text.replace("{{user_first_name}}", "there") : "";
  const getStarted = (profile.get_started || {}).payload || "/greet";
  document.getElementById("get-started").addEventListener("click", () =>
    send({type: "postback", text: "Get Started", payload: getStarted}));
  const menu = document.getElementById("menu");
  const items = pick(profile.persistent_menu || []);
  for (const spec of items ? items.call_to_actions : []) {
    const entry = button(spec);
    entry.addEventListener("click", () => { menu.hidden = true; });
    menu.appendChild(entry);
  }
  document.getElementById("menu-button").addEventListener("click", () => {
    menu.hidden = !menu.hidden;
  });
}

document.getElementById("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("text");
  const text = input.value.trim();
  if (text) send({type: "text", text});
  input.value = "";
});
document.getElementById("photo").addEventListener("click", () => send({type: "image"}));
document.getElementById("new").addEventListener("click", () => {
  localStorage.removeItem("sandbox-psid");
  location.reload();
});

loadProfile();
connect();
