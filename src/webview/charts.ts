// Geometry of the panel's two charts, as plain data: the page turns it into SVG elements.
// No DOM here, so the numbers can be tested.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  className: string;
}

export interface SplitSegment extends Rect {
  share: number;
  label: string;
}

/** The CPU-vs-waiting bar: `busy` (0..1) on-CPU, the rest waiting, in a `width`-wide bar. */
export function splitBar(busy: number, width: number, height: number): SplitSegment[] {
  const cpu = Math.min(1, Math.max(0, busy));
  const cpuWidth = Math.round(cpu * width * 10) / 10;
  return [
    { x: 0, y: 0, width: cpuWidth, height, className: 'seg-cpu', share: cpu, label: 'on-CPU' },
    { x: cpuWidth, y: 0, width: Math.round((width - cpuWidth) * 10) / 10, height, className: 'seg-wait', share: 1 - cpu, label: 'waiting' },
  ];
}

export interface BarInput {
  label: string;
  value: number;
  /** Text after the bar, e.g. "812 ms · 1.00×". */
  text: string;
  className: string;
}

export interface BarRow {
  label: string;
  text: string;
  bar: Rect;
  /** Baseline of the row's texts. */
  textY: number;
  /** Where the value text starts (right of the bar). */
  textX: number;
}

export interface BarChart {
  width: number;
  height: number;
  rows: BarRow[];
}

export interface BarChartOptions {
  width: number;
  labelWidth: number;
  /** Room kept right of the longest bar for its value text. */
  textWidth: number;
  barHeight: number;
  gap: number;
}

/** Horizontal bars scaled to the largest value; zero and negative values get no bar. */
export function horizontalBars(items: BarInput[], options: BarChartOptions): BarChart {
  const max = Math.max(0, ...items.map((i) => i.value));
  const span = Math.max(0, options.width - options.labelWidth - options.textWidth);
  const rows = items.map((item, index) => {
    const y = index * (options.barHeight + options.gap);
    const width = max > 0 && item.value > 0 ? Math.max(1, Math.round((item.value / max) * span * 10) / 10) : 0;
    return {
      label: item.label,
      text: item.text,
      bar: { x: options.labelWidth, y, width, height: options.barHeight, className: item.className },
      textY: y + options.barHeight * 0.72,
      textX: options.labelWidth + width + 6,
    };
  });
  const height = items.length === 0 ? 0 : items.length * options.barHeight + (items.length - 1) * options.gap;
  return { width: options.width, height, rows };
}
