import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../harness/server-process';
import type { Metric } from './metric';

/** Every bench, by name; each returns its metrics. */
const benches: Record<string, () => Promise<{ run(): Promise<Metric[]> }>> = {
  'http-auth': () => import('./http-auth'),
  envelope: () => import('./envelope'),
  'sfu-forward': () => import('./sfu-forward'),
  'opening-fanout': () => import('./opening-fanout'),
  'opening-freeze': () => import('./opening-freeze'),
  'opening-driver': () => import('./opening-driver'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((name) => !(name in benches));
  if (unknown.length) {
    process.stderr.write(`unknown bench: ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  for (const name of asked.length ? asked : Object.keys(benches)) {
    const { run } = await benches[name]!();
    const metrics = await run();
    for (const m of metrics) process.stdout.write(`${JSON.stringify(m)}\n`);
    await writeFile(path.join(resultsDir, `${name}.json`), `${JSON.stringify({ bench: name, at: new Date().toISOString(), metrics }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
