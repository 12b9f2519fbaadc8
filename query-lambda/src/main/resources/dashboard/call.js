// Call view: one CDR in full (times, DTMF digits, actions with their parameters, metadata).
import {getJson} from './api.js';
import {el, formatSeconds, replace} from './dom.js';
import {browserZone, formatInstant, isValidZone} from './time.js';

const TIMES = ['startTime', 'answeredAt', 'endTime', 'lastEventAt', 'createdAt', 'updatedAt'];

function json(value) {
  return el('pre', {class: 'json'}, JSON.stringify(value, null, 2));
}

export function callView(container, callId, params, ctx) {
  const zone = isValidZone(params.get('tz')) ? params.get('tz') : browserZone();
  const body = el('div', {class: 'call'});
  replace(container, el('div', {class: 'view-head'}, el('h1', null, el('span', {class: 'muted'}, 'Call '), el('span', {'data-testid': 'call-id'}, callId))), body);
  ctx.crumbs([[callId, null]]);
  let shown = '';

  function time(instant) {
    return instant ? [formatInstant(instant, zone) + ' ' + zone, el('span', {class: 'muted'}, ' (' + instant + ')')] : '–';
  }

  function render(cdr) {
    ctx.crumbs([[cdr.campaignId, ctx.href('/campaigns/' + encodeURIComponent(cdr.campaignId), {tz: zone})], [callId, null]]);
    const rows = [
      ['campaign', cdr.campaignId ? el('a', {href: ctx.href('/campaigns/' + encodeURIComponent(cdr.campaignId), {tz: zone})}, cdr.campaignId) : '–'],
      ['contact', cdr.contactId || '–'], ['phone number', cdr.phoneNumber || '–'], ['source', cdr.source || '–'],
      ['status', cdr.status || '–'], ['outcome', cdr.outcome || '–'], ['answered', cdr.answered ? 'yes' : 'no'],
      ...TIMES.map((name) => [name, time(cdr[name])]),
      ['duration', cdr.duration === null ? '–' : formatSeconds(cdr.duration) + ' (' + cdr.duration + ' s)'],
      ['cost', cdr.cost || '–'],
      ['DTMF digits', (cdr.dtmfInputs || []).length ? (cdr.dtmfInputs || []).join('') : '–'],
    ];
    const actions = cdr.actionsTriggered || [];
    replace(body,
        el('dl', {class: 'record', 'data-testid': 'call-record'}, rows.map(([label, value]) => [el('dt', null, label), el('dd', {'data-field': label}, value)])),
        el('h2', null, 'Actions'),
        actions.length === 0 ? el('p', {class: 'muted'}, 'none') : el('table', {class: 'actions', 'data-testid': 'call-actions'},
            el('thead', null, el('tr', null, el('th', null, 'time'), el('th', null, 'type'), el('th', null, 'parameters'))),
            el('tbody', null, actions.map((a) => el('tr', null, el('td', null, formatInstant(a.timestamp, zone)), el('td', null, a.type),
                el('td', null, json(a.parameters)))))),
        el('h2', null, 'Metadata'),
        cdr.metadata && Object.keys(cdr.metadata).length ? el('div', {'data-testid': 'call-metadata'}, json(cdr.metadata)) : el('p', {class: 'muted'}, 'none'));
  }

  async function refresh() {
    const cdr = await getJson('calls/' + encodeURIComponent(callId));
    const text = JSON.stringify(cdr);
    if (text !== shown) {
      shown = text;
      render(cdr);
    }
  }

  return {refresh, tick() {}, dispose() {}};
}
