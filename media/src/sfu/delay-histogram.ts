/**
 * Ingress-to-egress time of forwarded packets, kept in fixed buckets of 10 µs up to 100 ms so
 * recording a sample allocates nothing; quantiles are read from the buckets.
 */
export class DelayHistogram {
  private static readonly BUCKET_MS = 0.01;
  private readonly buckets = new Uint32Array(10_001);
  private count = 0;

  record(ms: number): void {
    const index = Math.min(this.buckets.length - 1, Math.floor(ms / DelayHistogram.BUCKET_MS));
    this.buckets[index]!++;
    this.count++;
  }

  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i]!;
      if (seen >= target) return (i + 1) * DelayHistogram.BUCKET_MS;
    }
    return this.buckets.length * DelayHistogram.BUCKET_MS;
  }

  get samples(): number {
    return this.count;
  }

  reset(): void {
    this.buckets.fill(0);
    this.count = 0;
  }
}
