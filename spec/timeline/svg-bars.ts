/** Reading the bars back out of a timeline page, for the timeline and CLI specs. */

/** One `<rect class="call …">` of a timeline: its attributes as numbers and strings. */
export interface DrawnBar {
  readonly id: number;
  readonly host: string;
  readonly x: number;
  readonly width: number;
  readonly critical: boolean;
  readonly request: string | undefined;
  /** Which run panel (0-based) it is drawn in. */
  readonly panel: number;
}

/** The call bars of a timeline page, in document order. */
export function drawnBars(html: string): DrawnBar[] {
  const bars: DrawnBar[] = [];
  const panels = html.split('<g class="run"').slice(1);
  panels.forEach((panel, index) => {
    for (const match of panel.matchAll(/<rect class="call([^"]*)"([^>]*)>/g)) {
      const attrs = Object.fromEntries([...match[2]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      bars.push({
        id: Number(attrs['data-id']),
        host: attrs['data-host']!,
        x: Number(attrs.x),
        width: Number(attrs.width),
        critical: match[1]!.includes('critical'),
        request: attrs['data-request'],
        panel: index,
      });
    }
  });
  return bars;
}
