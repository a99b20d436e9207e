#!/usr/bin/env node
// The `epic` command: loads TypeScript through tsx, then runs the CLI (lib/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
await import('../lib/cli/main.ts');
