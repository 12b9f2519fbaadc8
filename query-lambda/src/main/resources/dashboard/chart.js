// The by-hour chart: attempts and answered as bars, the answer rate as a line on its own axis.
import uPlot from './vendor/uPlot.esm.js';
import {el, formatRate} from './dom.js';

const hourLabel = (hour) => String(hour).padStart(2, '0') + ':00';

function options(width) {
  // side by side: attempts left of the hour, answered right of it
  const left = uPlot.paths.bars({size: [0.4, 40], align: -1});
  const right = uPlot.paths.bars({size: [0.4, 40], align: 1});
  return {
    width,
    height: 260,
    scales: {x: {time: false, range: [-0.5, 23.5]}, rate: {range: [0, 1]}},
    axes: [
      {label: 'hour of day', values: (u, splits) => splits.map((s) => (Number.isInteger(s) ? hourLabel(s) : '')), incrs: [1, 2, 3, 6]},
      {label: 'calls'},
      {scale: 'rate', side: 1, label: 'answer rate', grid: {show: false}, values: (u, splits) => splits.map((s) => Math.round(s * 100) + ' %')},
    ],
    series: [
      {label: 'hour', value: (u, v) => (v === null ? '–' : hourLabel(v))},
      {label: 'attempts', stroke: '#1f6feb', fill: 'rgba(31,111,235,0.35)', paths: left, points: {show: false}},
      {label: 'answered', stroke: '#2da44e', fill: 'rgba(45,164,78,0.55)', paths: right, points: {show: false}},
      {label: 'answer rate', scale: 'rate', stroke: '#bf8700', width: 2, value: (u, v) => (v === null ? '–' : formatRate(v))},
    ],
  };
}

/**
 * A chart in container for the 24 buckets of the stats' byHour; update(byHour) redraws it. Beside
 * it, the same numbers as a table (for screen readers, and to read exact values).
 */
export function hourChart(container) {
  const plotBox = el('div', {class: 'chart-plot'});
  const tableBody = el('tbody');
  const table = el('table', {class: 'hour-table', 'data-testid': 'hour-table'},
      el('thead', null, el('tr', null, el('th', null, 'hour'), el('th', null, 'attempts'), el('th', null, 'answered'), el('th', null, 'answer rate'))),
      tableBody);
  container.append(plotBox, el('details', null, el('summary', null, 'As a table'), table));
  let plot = null;
  const width = () => Math.max(320, Math.min(container.clientWidth || 800, 1100));

  function update(byHour) {
    const hours = byHour.map((b) => b.hour);
    const data = [hours, byHour.map((b) => b.attempts), byHour.map((b) => b.answered), byHour.map((b) => b.answerRate)];
    if (plot) {
      plot.setData(data);
    } else {
      plot = new uPlot(options(width()), data, plotBox);
    }
    plotBox.dataset.hours = String(hours.length);
    tableBody.replaceChildren(...byHour.map((b) => el('tr', null,
        el('td', null, hourLabel(b.hour)), el('td', {class: 'num'}, b.attempts), el('td', {class: 'num'}, b.answered),
        el('td', {class: 'num'}, formatRate(b.answerRate)))));
  }

  const resize = () => plot && plot.setSize({width: width(), height: 260});
  window.addEventListener('resize', resize);
  return {update, dispose: () => { window.removeEventListener('resize', resize); if (plot) plot.destroy(); }};
}
