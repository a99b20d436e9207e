/**
 * Commander parsers for numeric options of `epic batch` and `epic worker`: a bad value is a
 * usage error (exit 2) that says what is accepted.
 */
import { InvalidArgumentError } from 'commander';

/** Parses a positive integer (`--concurrency 8`). */
export function positiveInt(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('Expected a positive integer.');
  return n;
}

/** Parses a positive number (`--calls-per-second 2.5`). */
export function positiveNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('Expected a positive number.');
  return n;
}
