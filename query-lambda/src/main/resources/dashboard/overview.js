// Bird's-eye view: every campaign active in the chosen window, with global totals on top.
import {getJson} from './api.js';
import {el, formatAge, formatCount, formatRate, replace, setText} from './dom.js';
import {COUNTERS, renderStates, withRates} from './live.js';

const WINDOWS = [
  ['hour', 'last hour'],
  ['today', 'today'],
  ['7d', 'last 7 days'],
  ['all', 'all'],
];
const PAGE = 1000;
/** A performance mark when the cards are first on screen (read by the benchmarks). */
const FIRST_RENDER = 'cdr-dashboard:first-render';
const MAX_PAGES = 50;

function activeSince(windowName) {
  switch (windowName) {
    case 'hour': return 'PT1H';
    case '7d': return 'P7D';
    case 'today': {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      return midnight.toISOString();
    }
    default: return null;
  }
}

export function overviewView(container, params, ctx) {
  const windowName = WINDOWS.some(([name]) => name === params.get('window')) ? params.get('window') : 'today';
  const select = el('select', {id: 'window', 'aria-label': 'Activity window'},
      WINDOWS.map(([name, label]) => el('option', {value: name, selected: name === windowName}, label)));
  select.addEventListener('change', () => ctx.navigate('/', {window: select.value}));

  const totals = {};
  const totalsBox = el('section', {class: 'totals', 'aria-label': 'Totals'},
      [['campaigns', 'active campaigns'], ['activeCalls', 'active calls'], ['totalAttempts', 'attempts'], ['answered', 'answered']]
          .map(([key, label]) => el('div', {class: 'total'}, totals[key] = el('span', {class: 'value', 'data-total': key}, '–'), el('span', {class: 'label'}, label))));
  const grid = el('section', {class: 'cards', 'aria-label': 'Campaigns', 'data-testid': 'campaign-cards'});
  const empty = el('p', {class: 'empty', hidden: true});
  replace(container,
      el('div', {class: 'view-head'}, el('h1', null, 'Campaigns'), el('label', null, 'Active ', select)),
      totalsBox, empty, grid);
  ctx.crumbs([]);

  const cards = new Map();
  let order = '';
  let latest = [];

  // one card built once, cloned per campaign (much cheaper than building each from scratch)
  const template = el('a', {class: 'card'},
      el('div', {class: 'card-head'}, el('span', {class: 'card-title'}), el('span', {class: 'badges'})),
      el('dl', null, COUNTERS.map(([key, label]) => [el('dt', null, label), el('dd', {'data-field': key})])),
      el('div', {class: 'card-foot'}, 'last activity ', el('span', {class: 'age'})));

  function card(id) {
    const node = template.cloneNode(true);
    node.setAttribute('href', ctx.href('/campaigns/' + encodeURIComponent(id)));
    node.dataset.campaign = id;
    node.querySelector('.card-title').textContent = id;
    const fields = {};
    for (const dd of node.querySelectorAll('dd')) fields[dd.dataset.field] = dd;
    return {node, fields, age: node.querySelector('.age'), badges: node.querySelector('.badges'), lastActivity: null};
  }

  function render(items) {
    latest = items;
    const sums = {campaigns: items.length, activeCalls: 0, totalAttempts: 0, answered: 0};
    const ids = [];
    const seen = new Set();
    for (const raw of items) {
      const live = withRates(raw);
      ids.push(live.campaignId);
      seen.add(live.campaignId);
      sums.activeCalls += live.activeCalls || 0;
      sums.totalAttempts += live.totalAttempts || 0;
      sums.answered += live.answered || 0;
      let entry = cards.get(live.campaignId);
      if (!entry) {
        entry = card(live.campaignId);
        cards.set(live.campaignId, entry);
      }
      for (const [key, , kind] of COUNTERS) {
        setText(entry.fields[key], kind === 'rate' ? formatRate(live[key]) : formatCount(live[key]));
      }
      entry.lastActivity = live.lastActivity;
      setText(entry.age, formatAge(live.lastActivity));
      renderStates(entry.badges, live);
    }
    for (const [id, entry] of cards) {
      if (!seen.has(id)) {
        entry.node.remove();
        cards.delete(id);
      }
    }
    const newOrder = ids.join('\u0000');
    if (newOrder !== order) {
      order = newOrder;
      grid.replaceChildren(...ids.map((id) => cards.get(id).node));
    }
    for (const [key, node] of Object.entries(totals)) setText(node, formatCount(sums[key]));
    empty.hidden = items.length > 0;
    setText(empty, windowName === 'all' ? 'No campaign has any activity yet: publish a call event and it shows here.'
        : 'No campaign was active in this window. Choose a longer one (“all” shows every campaign ever seen).');
    grid.dataset.count = String(items.length);
    if (!performance.getEntriesByName(FIRST_RENDER).length) performance.mark(FIRST_RENDER);
  }

  async function refresh() {
    const items = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await getJson('campaigns', {activeSince: activeSince(windowName), limit: PAGE, cursor});
      items.push(...answer.items);
      cursor = answer.nextCursor;
      if (!cursor) break;
    }
    render(items);
  }

  function tick() {
    const now = Date.now();
    for (const entry of cards.values()) setText(entry.age, formatAge(entry.lastActivity, now));
  }

  return {refresh, tick, dispose() {}, get count() { return latest.length; }};
}
