// Campaign view: live counters, statistics for a date range in a chosen zone (by-hour chart,
// outcome breakdown), and the CDR list with filters, keyset paging and CSV export.
import {apiUrl, downloadCsv, getJson, token} from './api.js';
import {hourChart} from './chart.js';
import {el, formatAge, formatCount, formatMoney, formatRate, formatSeconds, replace, setText} from './dom.js';
import {COUNTERS, OUTCOMES, renderStates, withRates} from './live.js';
import {browserZone, formatInstant, isDate, isValidZone, knownZones, rangeInstants, today} from './time.js';

const PAGE_SIZE = 50;
/** Statistics and the CDR page are MongoDB queries: refreshed at most this often. */
const SLOW_REFRESH_MS = 10000;
const OUTCOME_WIRE = {answered: 'answered', converted: 'converted', optedOut: 'opted_out', voicemail: 'voicemail',
  noAnswer: 'no_answer', busy: 'busy', failed: 'failed'};

function section(title, ...children) {
  return el('section', {class: 'panel'}, el('h2', null, title), ...children);
}

function figure(label, testId) {
  const value = el('span', {class: 'value', 'data-field': testId}, '–');
  return {node: el('div', {class: 'figure'}, value, el('span', {class: 'label'}, label)), value};
}

export function campaignView(container, campaignId, params, ctx) {
  const zone = isValidZone(params.get('tz')) ? params.get('tz') : browserZone();
  const to = isDate(params.get('to')) ? params.get('to') : today(zone);
  const from = isDate(params.get('from')) && params.get('from') <= to ? params.get('from') : to;
  const outcomes = (params.get('outcome') || '').split(',').filter((o) => Object.values(OUTCOME_WIRE).includes(o));
  const range = rangeInstants(from, to, zone);
  const state = {from, to, tz: zone, outcome: outcomes.join(',')};
  const base = 'campaigns/' + encodeURIComponent(campaignId);
  ctx.crumbs([[campaignId, null]]);

  // live counters
  const liveFigures = {};
  const liveGrid = el('div', {class: 'figures'});
  for (const [key, label] of [...COUNTERS, ...OUTCOMES.filter(([k]) => !['answered', 'converted'].includes(k))]) {
    liveFigures[key] = figure(label, 'live-' + key);
    liveGrid.append(liveFigures[key].node);
  }
  const lastActivity = el('span', {'data-field': 'live-lastActivity'}, '–');
  const badges = el('span', {class: 'badges'});
  const actionsBody = el('tbody');
  const actionsTable = el('table', {class: 'actions', hidden: true},
      el('thead', null, el('tr', null, el('th', null, 'action'), el('th', null, 'calls'))), actionsBody);
  let lastActivityAt = null;

  // range form
  const fromInput = el('input', {type: 'date', value: from, required: true, 'aria-label': 'From date'});
  const toInput = el('input', {type: 'date', value: to, required: true, 'aria-label': 'To date'});
  const zoneInput = el('input', {type: 'text', value: zone, list: 'zones', size: 22, 'aria-label': 'Time zone', spellcheck: 'false'});
  const zoneList = el('datalist', {id: 'zones'}, knownZones().map((z) => el('option', {value: z})));
  const outcomeBoxes = Object.entries(OUTCOME_WIRE).map(([key, wire]) => {
    const box = el('input', {type: 'checkbox', value: wire, checked: outcomes.includes(wire)});
    return {box, label: el('label', {class: 'check'}, box, ' ' + OUTCOMES.find(([k]) => k === key)[1])};
  });
  const formError = el('span', {class: 'form-error', role: 'alert'});
  const form = el('form', {class: 'range', 'aria-label': 'Range and filters'},
      el('label', null, 'From ', fromInput), el('label', null, 'To ', toInput), el('label', null, 'Zone ', zoneInput), zoneList,
      el('fieldset', null, el('legend', null, 'Outcome (none = all)'), outcomeBoxes.map((o) => o.label)),
      el('button', {type: 'submit'}, 'Apply'), formError);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const tz = zoneInput.value.trim();
    if (!isValidZone(tz)) return setText(formError, 'unknown time zone: ' + tz);
    if (!isDate(fromInput.value) || !isDate(toInput.value) || fromInput.value > toInput.value) {
      return setText(formError, 'choose a From date on or before the To date');
    }
    ctx.navigate('/campaigns/' + encodeURIComponent(campaignId), {from: fromInput.value, to: toInput.value, tz,
      outcome: outcomeBoxes.filter((o) => o.box.checked).map((o) => o.box.value).join(',')}, true);
  });

  // statistics
  const statFigures = {};
  const statGrid = el('div', {class: 'figures'});
  for (const [key, label] of [['totalAttempts', 'attempts'], ['answered', 'answered'], ['answerRate', 'answer rate'],
    ['converted', 'converted'], ['conversionRate', 'conversion rate'], ['activeCalls', 'not yet ended'],
    ['totalCost', 'total cost'], ['totalDurationSeconds', 'total duration'], ['averageDurationSeconds', 'average duration (answered)']]) {
    statFigures[key] = figure(label, 'stats-' + key);
    statGrid.append(statFigures[key].node);
  }
  const chartBox = el('div', {class: 'chart', 'data-testid': 'hour-chart'});
  const chart = hourChart(chartBox);
  const breakdownBody = el('tbody');
  const breakdown = el('table', {class: 'breakdown'},
      el('thead', null, el('tr', null, el('th', null, 'outcome'), el('th', null, 'calls'), el('th', null, 'share'), el('th', null, ''))),
      breakdownBody);

  // CDRs
  const cdrBody = el('tbody', {'data-testid': 'cdr-rows'});
  const cdrTable = el('table', {class: 'cdrs'},
      el('thead', null, el('tr', null, ['start (' + zone + ')', 'call', 'phone', 'status', 'outcome', 'duration', 'cost', 'source']
          .map((h) => el('th', null, h)))), cdrBody);
  const prev = el('button', {type: 'button', 'data-testid': 'prev-page', disabled: true}, '← newer');
  const next = el('button', {type: 'button', 'data-testid': 'next-page', disabled: true}, 'older →');
  const pageInfo = el('span', {class: 'page-info', 'data-testid': 'page-info'});
  const filter = {startDate: range.startDate, endDate: range.endDate, outcome: state.outcome};
  const csvLink = el('a', {class: 'button', 'data-testid': 'csv-link', href: apiUrl(base + '/cdrs', {...filter, format: 'csv'}).href,
    download: 'cdrs-' + campaignId.replace(/[^A-Za-z0-9._-]/g, '_') + '.csv'}, 'Download CSV');
  csvLink.addEventListener('click', (event) => {
    if (!token()) return; // a plain link: the browser streams the file
    event.preventDefault();
    downloadCsv(base + '/cdrs', filter, csvLink.getAttribute('download')).catch((e) => ctx.problem(e));
  });
  cdrBody.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-call]');
    if (row && !event.target.closest('a')) ctx.navigate('/calls/' + encodeURIComponent(row.dataset.call), {tz: zone});
  });
  const cursors = [null];
  let pageIndex = 0;
  let nextCursor = null;
  prev.addEventListener('click', () => { if (pageIndex > 0) { pageIndex--; loadCdrs().catch(ctx.problem); } });
  next.addEventListener('click', () => {
    if (nextCursor) { cursors[pageIndex + 1] = nextCursor; pageIndex++; loadCdrs().catch(ctx.problem); }
  });

  replace(container,
      el('div', {class: 'view-head'}, el('h1', null, el('span', {class: 'muted'}, 'Campaign '), el('span', {'data-testid': 'campaign-id'}, campaignId)), badges),
      section('Live', liveGrid, el('p', {class: 'muted'}, 'last activity ', lastActivity), actionsTable),
      el('section', {class: 'panel'}, form),
      section('Statistics ' + from + (to !== from ? ' – ' + to : '') + ' (' + zone + ')', statGrid, chartBox,
          el('h3', null, 'Outcomes'), breakdown),
      section('Calls', el('div', {class: 'pager'}, prev, pageInfo, next, csvLink), cdrTable));

  async function loadLive() {
    const live = withRates(await getJson(base + '/live'));
    for (const [key, figureEntry] of Object.entries(liveFigures)) {
      setText(figureEntry.value, key.endsWith('Rate') ? formatRate(live[key]) : formatCount(live[key]));
    }
    lastActivityAt = live.lastActivity;
    setText(lastActivity, live.lastActivity ? formatInstant(live.lastActivity, zone) + ' (' + formatAge(live.lastActivity) + ')' : 'never');
    renderStates(badges, live);
    const actions = Object.entries(live.actions || {});
    actionsTable.hidden = actions.length === 0;
    actionsBody.replaceChildren(...actions.map(([type, count]) => el('tr', null, el('td', null, type), el('td', {class: 'num'}, formatCount(count)))));
  }

  async function loadStats() {
    const stats = await getJson(base + '/stats', {startDate: range.startDate, endDate: range.endDate, tz: zone});
    for (const [key, figureEntry] of Object.entries(statFigures)) {
      const value = stats[key];
      const text = key.endsWith('Rate') ? formatRate(value) : key === 'totalCost' ? formatMoney(value)
        : key.endsWith('Seconds') ? formatSeconds(value) : formatCount(value);
      setText(figureEntry.value, text);
    }
    chart.update(stats.byHour);
    const total = stats.totalAttempts || 0;
    const ended = OUTCOMES.map(([key, label]) => [label, stats[key] || 0]);
    ended.push(['not yet ended', stats.activeCalls || 0]);
    breakdownBody.replaceChildren(...ended.map(([label, count]) => el('tr', null,
        el('td', null, label), el('td', {class: 'num'}, formatCount(count)),
        el('td', {class: 'num'}, formatRate(total ? count / total : 0)),
        el('td', null, el('meter', {min: 0, max: Math.max(total, 1), value: count})))));
  }

  async function loadCdrs() {
    const page = await getJson(base + '/cdrs', {...filter, limit: PAGE_SIZE, cursor: cursors[pageIndex]});
    nextCursor = page.nextCursor;
    cdrBody.replaceChildren(...page.items.map((cdr) => el('tr', {'data-call': cdr.callId, tabindex: 0},
        el('td', null, formatInstant(cdr.startTime, zone)),
        el('td', null, el('a', {href: ctx.href('/calls/' + encodeURIComponent(cdr.callId), {tz: zone})}, cdr.callId)),
        el('td', null, cdr.phoneNumber || ''), el('td', null, cdr.status || ''), el('td', null, cdr.outcome || ''),
        el('td', {class: 'num'}, cdr.duration === null ? '' : formatSeconds(cdr.duration)),
        el('td', {class: 'num'}, cdr.cost || ''), el('td', null, cdr.source || ''))));
    if (page.items.length === 0) {
      cdrBody.append(el('tr', null, el('td', {colspan: 8, class: 'empty'}, 'No call in this range and filter.')));
    }
    prev.disabled = pageIndex === 0;
    next.disabled = !nextCursor;
    setText(pageInfo, 'page ' + (pageIndex + 1) + ' · ' + page.items.length + ' calls');
  }

  let lastSlow = 0;
  async function refresh(force) {
    const slow = force || Date.now() - lastSlow >= SLOW_REFRESH_MS;
    const work = [loadLive()];
    if (slow) {
      lastSlow = Date.now();
      work.push(loadStats());
      if (pageIndex === 0) work.push(loadCdrs());
    }
    await Promise.all(work);
  }

  function tick() {
    if (lastActivityAt) setText(lastActivity, formatInstant(lastActivityAt, zone) + ' (' + formatAge(lastActivityAt) + ')');
  }

  return {refresh, tick, dispose: () => chart.dispose()};
}
