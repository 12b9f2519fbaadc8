// Time zones without a library: offsets come from Intl.DateTimeFormat, which knows the IANA rules
// (DST, half-hour zones) of the browser.

export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isValidZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: zone});
    return true;
  } catch (e) {
    return false;
  }
}

export function knownZones() {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

const partsCache = new Map();
function formatter(zone) {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit'});
    partsCache.set(zone, f);
  }
  return f;
}

function fields(epochMillis, zone) {
  const out = {};
  for (const part of formatter(zone).formatToParts(new Date(epochMillis))) out[part.type] = part.value;
  return out;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(epochMillis, zone) {
  const f = fields(epochMillis, zone);
  const asUtc = Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute), Number(f.second));
  return asUtc - Math.floor(epochMillis / 1000) * 1000;
}

/** The first instant (epoch ms) of a local date 'YYYY-MM-DD' in zone. */
export function startOfDay(date, zone) {
  const [y, m, d] = date.split('-').map(Number);
  const local = Date.UTC(y, m - 1, d);
  let guess = local - offsetAt(local, zone);
  guess = local - offsetAt(guess, zone);
  return guess;
}

/** 'YYYY-MM-DD' of the day after. */
export function nextDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Today's date in zone, 'YYYY-MM-DD'. */
export function today(zone, now = Date.now()) {
  const f = fields(now, zone);
  return `${f.year}-${f.month}-${f.day}`;
}

/** An instant shown in zone: '2024-01-15 11:35:00'. */
export function formatInstant(instant, zone) {
  if (!instant) return '–';
  const f = fields(Date.parse(instant), zone);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second}`;
}

export function isDate(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text || '') && !Number.isNaN(Date.parse(text + 'T00:00:00Z'));
}

/** The inclusive [first ms, last ms] of local days from..to in zone, as the API's ISO instants. */
export function rangeInstants(from, to, zone) {
  return {
    startDate: new Date(startOfDay(from, zone)).toISOString(),
    endDate: new Date(startOfDay(nextDay(to), zone) - 1).toISOString(),
  };
}
