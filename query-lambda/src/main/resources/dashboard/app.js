// The dashboard's shell: hash routing (deep links), the refresh interval (kept in localStorage),
// the "updated N s ago" / "API unreachable" status, and the bearer-token prompt for JWT-protected APIs.
import {onAnswer, setToken, token} from './api.js';
import {callView} from './call.js';
import {campaignView} from './campaign.js';
import {el, replace, setText} from './dom.js';
import {overviewView} from './overview.js';

const INTERVAL_KEY = 'cdr-dashboard.refreshSeconds';
const INTERVALS = ['1', '5', '10', '0'];
const DEFAULT_INTERVAL = '1';

const viewBox = document.getElementById('view');
const crumbsBox = document.getElementById('crumbs');
const statusBox = document.getElementById('status');
const intervalSelect = document.getElementById('interval');
const refreshNow = document.getElementById('refresh-now');
const forgetToken = document.getElementById('forget-token');
const tokenDialog = document.getElementById('token-dialog');
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token-input');
const problemBox = el('div', {class: 'problem', role: 'alert', hidden: true});
viewBox.before(problemBox);

let current = null;
let timer = null;
let lastOk = null;
let unreachable = null;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const mark = raw.indexOf('?');
  return {path: mark < 0 ? raw : raw.slice(0, mark), params: new URLSearchParams(mark < 0 ? '' : raw.slice(mark + 1))};
}

function href(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return '#' + path + (text ? '?' + text : '');
}

function navigate(path, params, replaceEntry) {
  const target = href(path, params);
  if (replaceEntry) {
    history.replaceState(null, '', target);
    route();
  } else {
    location.hash = target;
  }
}

function problem(error) {
  if (error && error.unreachable) return; // the status line says it
  problemBox.hidden = false;
  let text = error && error.message ? error.message : String(error);
  if (error && error.status === 403) {
    text = 'The API refused the request (403: ' + text + '). With IAM authorization a browser cannot sign requests: '
        + 'open the dashboard through a SigV4 signing proxy (see the README, "Open the dashboard").';
  } else if (error && error.status === 404) {
    text = 'Not found: ' + text;
  }
  setText(problemBox, text);
}

function clearProblem() {
  problemBox.hidden = true;
}

function crumbs(items) {
  replace(crumbsBox, el('a', {href: '#/'}, 'Campaigns'),
      items.map(([label, link]) => [' › ', link ? el('a', {href: link}, label) : el('span', null, label)]));
}

const ctx = {navigate, href, crumbs, problem: (e) => problem(e)};

function route() {
  if (current) current.dispose();
  clearProblem();
  const {path, params} = parseHash();
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'campaigns' && parts.length === 2) {
    current = campaignView(viewBox, decodeURIComponent(parts[1]), params, ctx);
  } else if (parts[0] === 'calls' && parts.length === 2) {
    current = callView(viewBox, decodeURIComponent(parts[1]), params, ctx);
  } else {
    current = overviewView(viewBox, params, ctx);
  }
  current.busy = false;
  refresh(true);
}

async function refresh(force) {
  const view = current;
  if (!view || view.busy) return;
  view.busy = true;
  try {
    await view.refresh(force);
    if (view === current) clearProblem();
  } catch (error) {
    if (view === current) problem(error);
  } finally {
    view.busy = false;
  }
}

function intervalSeconds() {
  const stored = localStorage.getItem(INTERVAL_KEY);
  return INTERVALS.includes(stored) ? stored : DEFAULT_INTERVAL;
}

function schedule() {
  clearInterval(timer);
  const seconds = Number(intervalSeconds());
  timer = seconds > 0 ? setInterval(() => refresh(false), seconds * 1000) : null;
  showStatus();
}

function showStatus() {
  statusBox.classList.toggle('down', Boolean(unreachable));
  if (unreachable) {
    setText(statusBox, 'API unreachable' + (lastOk ? ' · last update ' + Math.round((Date.now() - lastOk) / 1000) + ' s ago' : ''));
    statusBox.title = unreachable.message;
  } else if (lastOk) {
    const age = Math.max(0, Math.round((Date.now() - lastOk) / 1000));
    setText(statusBox, 'updated ' + age + ' s ago' + (intervalSeconds() === '0' ? ' · refresh off' : ''));
    statusBox.title = new Date(lastOk).toLocaleString();
  } else {
    setText(statusBox, 'loading…');
  }
  forgetToken.hidden = !token();
}

onAnswer((ok, error) => {
  if (ok) {
    lastOk = Date.now();
    unreachable = null;
  } else if (error.unreachable) {
    unreachable = error;
  } else if (error.status === 401) {
    unreachable = null;
    askForToken(token() ? 'The API did not accept the token (' + error.message + '). Paste a fresh one.' : null);
  }
  showStatus();
});

function askForToken(reason) {
  if (tokenDialog.open) return;
  if (reason) setText(document.getElementById('token-reason'), reason);
  tokenInput.value = '';
  tokenDialog.showModal();
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(tokenInput.value);
  tokenDialog.close();
  showStatus();
  refresh(true);
});
forgetToken.addEventListener('click', () => {
  setToken(null);
  showStatus();
});

intervalSelect.value = intervalSeconds();
intervalSelect.addEventListener('change', () => {
  localStorage.setItem(INTERVAL_KEY, intervalSelect.value);
  schedule();
  refresh(true);
});
refreshNow.addEventListener('click', () => refresh(true));
window.addEventListener('hashchange', route);
setInterval(() => {
  showStatus();
  if (current) current.tick();
}, 1000);
schedule();
route();
