/**
 * Memory with 100,000 host calls pending at once: a program maps a host over 100,000 inputs;
 * the host answers only once every call has been dispatched, so all are in flight together.
 * Runs in a fresh child process so the peak RSS (`process.resourceUsage().maxRSS`) belongs to
 * this workload alone. Target: peak RSS ≤ 300 MB.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Suite } from './harness.js';

const child = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

function runChild(): Promise<{ baselineMb: number; peakMb: number; pending: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memory child exited with ${code}`))));
  });
}

export const suite: Suite = {
  name: 'memory',
  description: '100,000 host calls pending at once',
  async run(log) {
    const r = await runChild();
    log(`${r.pending} calls were pending at once; the run took ${r.ms.toFixed(0)} ms`);
    return [
      { name: 'peak RSS with 100,000 calls pending', value: r.peakMb, unit: 'MB', target: '≤ 300 MB', met: r.peakMb <= 300, note: `process baseline before the run ${r.baselineMb.toFixed(0)} MB` },
      { name: 'memory per pending call (peak − baseline)', value: ((r.peakMb - r.baselineMb) * 1024 * 1024) / r.pending, unit: 'bytes' },
    ];
  },
};
