/** One line of a bench's output: a figure beside the baseline measured in the same run. */
export interface Metric {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** value / baseline, so the figure survives a noisy, shared machine. */
  ratio: number | null;
}

export const metric = (bench: string, name: string, value: number, unit: string, baseline: number | null): Metric => ({
  bench,
  metric: name,
  value: round(value),
  unit,
  baseline: baseline === null ? null : round(baseline),
  ratio: baseline ? round(value / baseline) : null,
});

const round = (n: number) => Math.round(n * 1000) / 1000;
