/**
 * Deterministic fault decisions. Work requests — chat, completions AND embeddings, not
 * `/v1/models` nor requests rejected as malformed — are numbered together in the order they
 * finish their overhead, from 0 (from server start or the last `setFaults`); the fate of request
 * `i` is a pure function of the seed, `i` and, for window storms, that time. So with the same
 * seed and the same order, the same requests fail, whatever else happens in the run.
 *
 * Precedence when several would fire: storm 429, 429 rate, 500, drop, malformed, stall, body stall.
 */
import { assertNever } from '../errors.js';
import { unitHash } from './hash.js';
import type { SimFaultKind, SimFaultOptions, SimStorm } from './sim-options.js';

export type { SimFaultKind } from './sim-options.js';

/** Every fault kind, in precedence order. */
export const SIM_FAULT_KINDS: readonly SimFaultKind[] = Object.freeze([
  'rateLimit',
  'serverError',
  'drop',
  'malformed',
  'stall',
  'stallBody',
]);

/**
 * The fault (if any) for work request number `ordinal` (chat, completions or embeddings), met
 * `elapsedMs` real ms after the fault clock started, when model time runs `timeScale` times real
 * time.
 *
 * @example
 * decideFault({ ...DEFAULT_SIM_FAULTS, rateLimitStorms: [{ kind: 'firstRequests', count: 2 }] }, 1, 0, 1)
 * // 'rateLimit'
 */
export function decideFault(
  faults: SimFaultOptions,
  ordinal: number,
  elapsedMs: number,
  timeScale: number,
): SimFaultKind | undefined {
  const draw = (salt: string): number => unitHash(`${faults.seed}:${ordinal}:${salt}`);
  const storm = faults.rateLimitStorms.some((s, i) => inStorm(s, ordinal, elapsedMs, timeScale, draw(`storm${i}`)));
  if (storm || draw('rateLimit') < faults.rateLimitRate) return 'rateLimit';
  if (draw('serverError') < faults.serverErrorRate) return 'serverError';
  if (draw('drop') < faults.dropRate) return 'drop';
  if (draw('malformed') < faults.malformedRate) return 'malformed';
  if (draw('stall') < faults.stallRate) return 'stall';
  if (draw('stallBody') < faults.stallBodyRate) return 'stallBody';
  return undefined;
}

function inStorm(storm: SimStorm, ordinal: number, elapsedMs: number, timeScale: number, u: number): boolean {
  switch (storm.kind) {
    case 'firstRequests':
      return ordinal < storm.count;
    case 'window':
      return elapsedMs >= storm.fromMs * timeScale && elapsedMs < storm.toMs * timeScale && u < storm.fraction;
    default:
      return assertNever(storm, 'storm');
  }
}

/**
 * Numbers work requests (chat, completions, embeddings) and decides their faults. `configure`
 * installs new fault options and restarts the numbering and the clock.
 *
 * @example
 * const injector = new FaultInjector(faults, 1); injector.next() // 'rateLimit' | … | undefined
 */
export class FaultInjector {
  private ordinal = 0;
  private startedAt: number;

  constructor(
    private faults: SimFaultOptions,
    private readonly timeScale: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** The options in force. */
  get options(): SimFaultOptions {
    return this.faults;
  }

  /** Installs `faults` and restarts request numbering and the storm clock. */
  configure(faults: SimFaultOptions): void {
    this.faults = faults;
    this.ordinal = 0;
    this.startedAt = this.now();
  }

  /** Numbers the next request and returns its fault, if any. */
  next(): SimFaultKind | undefined {
    return decideFault(this.faults, this.ordinal++, this.now() - this.startedAt, this.timeScale);
  }
}
