// Inline SVG pictures: the distance-to-liquidation gauge and the last day's distance chart. Sizes
// and colours come from attributes and CSS classes (the CSP allows no inline style).
import { svg } from './dom.js';
import { t } from './i18n.js';
import { percent } from './format.js';

// The gauge is full at this distance; the default alert ladder (15 %, 7 %, 3 %) sits inside it.
export const GAUGE_FULL_SCALE = 0.3;
export const GAUGE_TICKS = [0.03, 0.07, 0.15];
const DAY_MS = 24 * 3600 * 1000;

export function levelName(level) {
  return t(`level.${level || 'unknown'}`);
}

export function gauge(distance, level) {
  const known = distance !== null && distance !== undefined;
  const fill = known ? Math.max(0, Math.min(1, Number(distance) / GAUGE_FULL_SCALE)) : 0;
  const label = known
    ? t('positions.gauge_label', { distance: percent(distance), level: levelName(level) })
    : t('positions.gauge_unknown');
  return svg(
    'svg',
    {
      class: `gauge level-${level || 'unknown'}`,
      viewBox: '0 0 100 12',
      width: 100,
      height: 12,
      role: 'img',
      'aria-label': label,
    },
    svg('title', { text: label }),
    svg('rect', { class: 'gauge-track', x: 0, y: 2, width: 100, height: 8, rx: 2 }),
    svg('rect', { class: 'gauge-fill', x: 0, y: 2, width: (fill * 100).toFixed(1), height: 8, rx: 2 }),
    GAUGE_TICKS.map((tick) =>
      svg('line', {
        class: 'gauge-tick',
        x1: ((tick / GAUGE_FULL_SCALE) * 100).toFixed(1),
        x2: ((tick / GAUGE_FULL_SCALE) * 100).toFixed(1),
        y1: 0,
        y2: 12,
      }),
    ),
  );
}

// points: [[at_ms, distance, mark], ...] oldest first; drawn over the day that ends at `now`.
export function distanceChart(points, level, now = Date.now()) {
  const width = 120;
  const height = 32;
  const usable = (points || []).filter((p) => Array.isArray(p) && p[1] !== null && p[1] >= 0);
  if (usable.length < 2) {
    return svg(
      'svg',
      { class: 'spark empty', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': t('positions.chart_empty') },
      svg('title', { text: t('positions.chart_empty') }),
      svg('line', { class: 'spark-base', x1: 0, x2: width, y1: height - 1, y2: height - 1 }),
    );
  }
  const start = now - DAY_MS;
  const top = Math.max(0.2, ...usable.map((p) => Number(p[1]))) * 1.1;
  const x = (at) => (Math.max(0, Math.min(1, (at - start) / DAY_MS)) * width).toFixed(1);
  const y = (d) => (height - 2 - (Number(d) / top) * (height - 4)).toFixed(1);
  const first = usable[0][1];
  const last = usable[usable.length - 1][1];
  const label = t('positions.chart_label', { from: percent(first), to: percent(last) });
  const warning = GAUGE_TICKS[GAUGE_TICKS.length - 1];
  return svg(
    'svg',
    { class: `spark level-${level || 'unknown'}`, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label },
    svg('title', { text: label }),
    svg('line', { class: 'spark-threshold', x1: 0, x2: width, y1: y(warning), y2: y(warning) }),
    svg('polyline', { class: 'spark-line', points: usable.map((p) => `${x(p[0])},${y(p[1])}`).join(' ') }),
    svg('circle', { class: 'spark-dot', cx: x(usable[usable.length - 1][0]), cy: y(last), r: 2 }),
  );
}
