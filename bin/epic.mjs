#!/usr/bin/env node
// The `epic` command: loads TypeScript through tsx, then runs the CLI (lib/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../lib/cli/main.ts');
await runProcess();
