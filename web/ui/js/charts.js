// Inline SVG pictures: the distance-to-liquidation gauge and the last day's distance chart. Sizes
// and colours come from attributes and CSS classes (the CSP allows no inline style).
import { h, svg } from './dom.js';
import { t } from './i18n.js';
import { number, percent } from './format.js';

// The risk engine's default distance ladder (warning, critical, emergency; docs/risk.md), used
// when an answer carries no ladder of its own.
export const DEFAULT_DISTANCE_LADDER = [0.15, 0.07, 0.03];
const DAY_MS = 24 * 3600 * 1000;
const LEVELS = ['warning', 'critical', 'emergency'];

export function levelName(level) {
  return t(`level.${level || 'unknown'}`);
}

// The level a position is drawn in: "unknown" (grey) while its distance is not known yet, so a
// position waiting for its first check never shows in the safe colour.
export function shownLevel(distance, level) {
  const known = distance !== null && distance !== undefined;
  if (!known && (!level || level === 'ok')) return 'unknown';
  return level || 'unknown';
}

// The distance at which the gauge is empty: room above the user's warning level.
export function gaugeScale(ladder) {
  return Math.max(0.3, Number(ladder[0]) * 1.5);
}

// The gauge reads like a fuse: the bar grows from the left (far from liquidation) towards the
// right end (liquidation) as the mark nears the liquidation price, crossing the user's warning,
// critical and emergency marks in that order.
export function gauge(distance, level, ladder = DEFAULT_DISTANCE_LADDER) {
  const known = distance !== null && distance !== undefined;
  const scale = gaugeScale(ladder);
  const at = (d) => (1 - Math.max(0, Math.min(1, Number(d) / scale))) * 100;
  const fill = known ? at(distance) : 0;
  const label = known
    ? t('positions.gauge_label', { distance: percent(distance), level: levelName(level) })
    : t('positions.gauge_unknown');
  return svg(
    'svg',
    {
      class: `gauge level-${shownLevel(distance, level)}`,
      viewBox: '0 0 100 12',
      width: 100,
      height: 12,
      preserveAspectRatio: 'none',
      role: 'img',
      'aria-label': label,
      'data-ticks': ladder.map((d) => at(d).toFixed(1)).join(' '),
    },
    svg('title', { text: label }),
    svg('rect', { class: 'gauge-track', x: 0, y: 2, width: 100, height: 8, rx: 2 }),
    svg('rect', { class: 'gauge-fill', x: 0, y: 2, width: fill.toFixed(1), height: 8, rx: 2 }),
    ladder.map((d, i) =>
      svg('line', { class: `gauge-tick tick-${LEVELS[i]}`, x1: at(d).toFixed(1), x2: at(d).toFixed(1), y1: 0, y2: 12, 'vector-effect': 'non-scaling-stroke' }),
    ),
  );
}

// The marks' legend in words: "warning 20 % · critical 8 % · emergency 2.5 %".
export function gaugeLegend(ladder = DEFAULT_DISTANCE_LADDER) {
  return h(
    'p',
    { class: 'gauge-legend', 'data-legend': true },
    h('span', { class: 'visually-hidden', text: `${t('positions.legend')}: ` }),
    ladder.map((d, i) => h('span', { class: `legend-item legend-${LEVELS[i]}`, text: `${levelName(LEVELS[i])} ${number(Number(d) * 100, 2)}%` })),
  );
}

// points: [[at_ms, distance, mark], ...] oldest first; drawn over the day that ends at `now`.
// Until two checks exist it says that it is collecting rather than drawing an empty strip; while
// the first day is not over it says since when.
export function distanceChart(points, level, ladder = DEFAULT_DISTANCE_LADDER, now = Date.now()) {
  const width = 120;
  const height = 32;
  const usable = (points || []).filter((p) => Array.isArray(p) && p[1] !== null && p[1] >= 0);
  if (usable.length < 2) {
    return h('span', { class: 'chart-collecting', 'data-chart': 'collecting', text: t('positions.chart_collecting') });
  }
  const start = now - DAY_MS;
  const top = Math.max(0.2, Number(ladder[0]) * 1.2, ...usable.map((p) => Number(p[1]))) * 1.1;
  const x = (at) => (Math.max(0, Math.min(1, (at - start) / DAY_MS)) * width).toFixed(1);
  const y = (d) => (height - 2 - (Number(d) / top) * (height - 4)).toFixed(1);
  const first = usable[0][1];
  const last = usable[usable.length - 1][1];
  const label = t('positions.chart_label', { from: percent(first), to: percent(last) });
  const chart = svg(
    'svg',
    { class: `spark level-${level || 'unknown'}`, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, 'data-chart': 'drawn' },
    svg('title', { text: label }),
    svg('line', { class: 'spark-threshold', x1: 0, x2: width, y1: y(ladder[0]), y2: y(ladder[0]) }),
    svg('polyline', { class: 'spark-line', points: usable.map((p) => `${x(p[0])},${y(p[1])}`).join(' ') }),
    svg('circle', { class: 'spark-dot', cx: x(usable[usable.length - 1][0]), cy: y(last), r: 2 }),
  );
  if (usable[0][0] > start + DAY_MS / 24) {
    return h('span', { class: 'chart-wrap' }, chart, h('span', { class: 'chart-collecting', text: t('positions.chart_partial') }));
  }
  return chart;
}
