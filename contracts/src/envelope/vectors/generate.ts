/**
 * Prints the shared test vectors. Regenerate after a deliberate format change:
 *   npx tsx contracts/src/envelope/vectors/generate.ts > contracts/src/envelope/vectors/v1.json
 * The output depends only on the seed in build.ts, so running it again gives the same file.
 */
import { buildVectors } from './build';

console.log(JSON.stringify(await buildVectors(), null, 2));
