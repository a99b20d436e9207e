/**
 * A trip planner: three independent tools (weather, flights, hotels), 100 ms each, and a
 * planner that needs all three. Written as plain sequential code; run opportunistically the
 * three lookups overlap (about 200 ms in all), sequentially they do not (about 400 ms).
 *
 * Run: `npx epic run demos/trip-planner.ts --input '"Lisbon"'` or `npx epic demo trip`.
 */
import { external, program, type HostContext } from '../lib/index.js';

/** A tool that answers after `ms` and honours its abort signal. */
function tool<A extends unknown[], R>(ms: number, answer: (...args: A) => R) {
  return external(function (this: HostContext, ...args: A): Promise<R> {
    const signal = this.signal;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => resolve(answer(...args)), ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  });
}

const weather = tool(100, (city: string) => ({ city, forecast: 'sunny', high: 24 }));
const flights = tool(100, (city: string) => [{ to: city, flight: 'TP 1351', price: 129 }]);
const hotels = tool(100, (city: string) => [{ city, hotel: 'Casa do Rio', price: 95 }]);
const plan = tool(
  100,
  (
    w: { forecast: string; high: number },
    f: { flight: string; price: number }[],
    h: { hotel: string; price: number }[],
  ) =>
    `Fly ${f[0]!.flight}, stay at ${h[0]!.hotel}, pack for ${w.forecast} ${w.high}°C. Total €${f[0]!.price + h[0]!.price}.`,
);

export default program(
  { weather, flights, hotels, plan },
  (city: string) => {
    const w = weather(city);
    const f = flights(city);
    const h = hotels(city);
    return plan(w, f, h);
  },
  { name: 'trip' },
);

export const input = ['Lisbon'];
