// What one campaign's live counters (GET /campaigns/{id}/live, or an item of GET /campaigns) show,
// and the states a campaign's counters can be in. A state is a badge beside the numbers: today
// "idle" (no call in progress); a future "rebuilding": true from the API shows as "rebuilding"
// (the counters are being recomputed and may be low until it ends).
import {el, rate} from './dom.js';

export const COUNTERS = [
  ['activeCalls', 'active calls'],
  ['totalAttempts', 'attempts'],
  ['answered', 'answered'],
  ['answerRate', 'answer rate', 'rate'],
  ['converted', 'converted'],
  ['conversionRate', 'conversion rate', 'rate'],
];

export const OUTCOMES = [
  ['answered', 'answered'],
  ['converted', 'converted'],
  ['optedOut', 'opted out'],
  ['voicemail', 'voicemail'],
  ['noAnswer', 'no answer'],
  ['busy', 'busy'],
  ['failed', 'failed'],
];

/** The live counters with the two rates the contract defines added. */
export function withRates(live) {
  return {
    ...live,
    answerRate: rate(live.answered || 0, live.totalAttempts || 0),
    conversionRate: rate(live.converted || 0, live.answered || 0),
  };
}

/** The badges of a campaign's state: [{name, text, title}]. */
export function states(live) {
  const result = [];
  if (live.rebuilding === true) {
    result.push({name: 'rebuilding', text: 'rebuilding', title: 'the counters are being rebuilt from the CDRs; they may read low until it ends'});
  }
  if ((live.activeCalls || 0) === 0) {
    result.push({name: 'idle', text: 'idle', title: 'no call in progress'});
  }
  return result;
}

/** Keeps a badge container in line with states(live), touching the DOM only on change. */
export function renderStates(container, live) {
  const wanted = states(live);
  const key = wanted.map((s) => s.name).join(',');
  if (container.dataset.states === key) return;
  container.dataset.states = key;
  container.replaceChildren(...wanted.map((s) => el('span', {class: 'badge badge-' + s.name, title: s.title}, s.text)));
}
