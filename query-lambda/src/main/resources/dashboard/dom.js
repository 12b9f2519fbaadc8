// DOM helpers. Every value that came from an event (ids, phone numbers, metadata, action
// parameters) reaches the page through text nodes only: no string is ever parsed as HTML, and no
// attribute that a browser would run is set. Views build their elements with el() below.

/**
 * el('td', {class: 'num', title: 'x'}, child, 'text', ...): an element with attributes and
 * children; strings and numbers become text nodes, null/undefined/false are skipped.
 * Attributes whose name starts with "on" are refused (handlers are added with addEventListener).
 */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error('event handler attributes are not allowed: ' + name);
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces every child of node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Sets a node's text only when it changed (keeps refreshes cheap and selections stable). */
export function setText(node, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (node.textContent !== value) node.textContent = value;
}

const integer = new Intl.NumberFormat(undefined, {maximumFractionDigits: 0});
const percent = new Intl.NumberFormat(undefined, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1});

export function formatCount(value) {
  return value === null || value === undefined ? '–' : integer.format(value);
}

export function formatRate(value) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : percent.format(value);
}

/** The contract's rule: numerator / divisor, 0 when the divisor is 0, 4 decimals. */
export function rate(numerator, divisor) {
  return divisor > 0 ? Math.round((numerator / divisor) * 10000) / 10000 : 0;
}

export function formatSeconds(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(Number(seconds));
  if (s < 60) return s + ' s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(rest).padStart(2, '0')} s`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; a future time (clock skew) reads "just now". */
export function formatAge(instant, now = Date.now()) {
  if (!instant) return 'never';
  const seconds = Math.floor((now - Date.parse(instant)) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
  return Math.floor(seconds / 86400) + ' d ago';
}

/** Money arrives as a decimal string ("0.020000"); shown as given, never through a float. */
export function formatMoney(text) {
  return text === null || text === undefined ? '–' : String(text);
}
