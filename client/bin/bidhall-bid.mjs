#!/usr/bin/env node
// The installed `bidhall-bid` command (`npx bidhall-bid …` in this repository after `npm install`):
// it loads tsx's loader into this process and runs the TypeScript tool, so there is no build step
// and the tool's own exit status and streams are the command's.
import { register } from 'tsx/esm/api';

register();
await import('../cli/bidhall-bid.ts');
