// Generates the Prisma client offline. The client needs no engine binary, but the CLI insists on
// locating a schema engine before it starts; any existing file satisfies that check, and the
// engine is never run by `generate`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

const cwd = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { cwd, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
