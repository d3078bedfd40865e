// Net settlement per day as plain SVG bars: the settled part solid, the part still to settle lighter,
// negative days red. Each bar is a button that opens the day's orders.
import { formatCents } from '../../src-main/contract/format.ts';

export interface ChartDay {
  day: string;
  net: number;
  settled: number;
  orders: number;
}

const W = 960;
const H = 230;
const PAD = { left: 78, right: 12, top: 14, bottom: 34 };

/** Round steps (1, 2, 5 x 10^n cents) that give about five grid lines. */
function ticks(min: number, max: number): number[] {
  const span = Math.max(max - min, 100);
  const raw = span / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step / 2; v += step) out.push(v);
  return out;
}

const axisLabel = (cents: number) => formatCents(Math.round(cents / 100) * 100, { grouped: true }).replace(/\.00$/, '');

export function NetChart(props: {
  days: ChartDay[];
  selected: string | null;
  onSelect: (day: string) => void;
  labels: { settled: string; unsettled: string; net: string; orders: string };
}) {
  const { days, selected, onSelect, labels } = props;
  const values = days.map((d) => d.net);
  const grid = ticks(Math.min(0, ...values), Math.max(0, ...values));
  const lo = grid[0] ?? 0;
  const hi = grid.at(-1) ?? 100;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + ((hi - v) / (hi - lo || 1)) * plotH;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(1, Math.min(28, slot * 0.72));
  const every = Math.ceil(days.length / 12);

  return (
    <figure className="chart" aria-label={labels.net}>
      <svg viewBox={`0 0 ${W} ${H}`} role="group" data-testid="net-chart">
        {grid.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? 'chart-zero' : 'chart-grid'} />
            <text x={PAD.left - 8} y={y(v) + 4} className="chart-axis" textAnchor="end">
              {axisLabel(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const settledPart = d.net > 0 ? Math.min(Math.max(d.settled, 0), d.net) : 0;
          const title = `${d.day} · ${labels.net} ${formatCents(d.net, { grouped: true })} · ${labels.settled} ${formatCents(d.settled, { grouped: true })} · ${labels.orders} ${d.orders}`;
          return (
            <g
              key={d.day}
              className={`chart-bar${selected === d.day ? ' selected' : ''}`}
              role="button"
              tabIndex={0}
              aria-label={title}
              data-day={d.day}
              onClick={() => onSelect(d.day)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(d.day)}
            >
              <title>{title}</title>
              <rect x={PAD.left + i * slot} y={PAD.top} width={slot} height={plotH} className="chart-hit" />
              {d.net < 0 ? (
                <rect x={x} y={y(0)} width={barW} height={y(d.net) - y(0)} className="bar-negative" />
              ) : (
                <>
                  <rect x={x} y={y(d.net)} width={barW} height={y(settledPart) - y(d.net)} className="bar-unsettled" />
                  <rect x={x} y={y(settledPart)} width={barW} height={y(0) - y(settledPart)} className="bar-settled" />
                </>
              )}
              {i % every === 0 && (
                <text x={PAD.left + i * slot + slot / 2} y={H - PAD.bottom + 16} className="chart-axis" textAnchor="middle">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend small muted">
        <span className="swatch settled" /> {labels.settled}
        <span className="swatch unsettled" /> {labels.unsettled}
      </figcaption>
    </figure>
  );
}
