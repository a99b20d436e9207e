import { describe, expect, it } from 'vitest';
import { DEMOS, MAIN_DEMO } from '../../../demos/index.js';
import { loadModule, programModule } from '../../../lib/cli/load.js';

describe('the game24 demo module', () => {
  it('is registered as the main demo', () => {
    expect(MAIN_DEMO).toBe('game24');
    expect(DEMOS.map((d) => d.name)).toContain('game24');
  });

  it('runs puzzle 900 on the replaying simulator and shows the checked answer and the calls', async () => {
    const mod = programModule(await loadModule(DEMOS.find((d) => d.name === 'game24')!.file), 'game24');
    try {
      expect(mod.notes?.().join('\n')).toMatch(/embedded simulator.*replaying real GPT-4 outputs.*time scale/);
      const value = await mod.program.evaluate(...(mod.input ?? []));
      const shown = mod.show!(value);
      expect(shown).toContain('puzzle 900: 4 5 6 10');
      expect(shown).toContain('answer: (4 * 5) + (10 - 6) = 24 — checks (uses 4 5 6 10, = 24)');
      expect(shown).toContain('same trajectories as the log: yes');
      expect(shown).toMatch(
        /calls by host: propose 16 \(complete, n = 1\) · value 69 \(complete, n = 3\) → 85 complete prompts/,
      );
      expect(mod.afterRun?.()).toMatch(/^LLM: 8 requests carrying 85 prompts \(up to 32 per request\)$/);
    } finally {
      await mod.dispose?.();
    }
  });
});
