/**
 * The promise's value, or `fallback` if it fails or has not settled within `ms`: for a probe that
 * must answer in time whatever the dependency does (a stalled database, an unreachable Redis).
 */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(resolve, ms, fallback);
    timer.unref();
  });
  return Promise.race([promise.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}
