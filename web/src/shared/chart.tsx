// A bar chart in plain SVG: small, drawn from the data it is given, readable without colour
// (each bar carries its value as text and as data-value, which the browser tests read).

export interface Bar {
  label: string;
  value: number;
}

interface Props {
  title: string;
  bars: Bar[];
  unit?: string;
  /** Fixed top of the scale (e.g. 1 for rates); otherwise the largest value. */
  max?: number;
  format?: (value: number) => string;
  id?: string;
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 24, right: 8, bottom: 36, left: 8 };

export function BarChart({ title, bars, unit = '', max, format = (v) => String(Math.round(v * 100) / 100), id }: Props) {
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, bars.length);
  const barWidth = Math.max(4, Math.min(48, slot * 0.6));
  const plot = HEIGHT - PAD.top - PAD.bottom;
  return (
    <figure class="chart" id={id}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}${unit}`).join(', ')}`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} class="axis" />
        {bars.map((bar, i) => {
          const h = top > 0 ? (Math.min(bar.value, top) / top) * plot : 0;
          const x = PAD.left + slot * i + (slot - barWidth) / 2;
          const y = HEIGHT - PAD.bottom - h;
          return (
            <g key={bar.label} class="bar" data-label={bar.label} data-value={bar.value}>
              <rect x={x} y={y} width={barWidth} height={Math.max(h, bar.value > 0 ? 1 : 0)} />
              <text x={x + barWidth / 2} y={y - 6} class="value">
                {bar.value > 0 ? `${format(bar.value)}${unit}` : ''}
              </text>
              <text x={x + barWidth / 2} y={HEIGHT - PAD.bottom + 16} class="label">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** "2025-03-05" → "3/5 (수)". */
export function dayLabel(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  const weekday = '일월화수목금토'[new Date(`${date}T00:00:00Z`).getUTCDay()];
  return `${m}/${d} (${weekday})`;
}
