/**
 * What the agent case knows: a small table of countries, and the search corpus made from it —
 * three short documents per country (overview, economy, people), each stating some of its facts.
 * The simulated model reads facts only from the documents it is shown, and the final answer can
 * be checked against the table.
 */

/** One row of the table. */
export interface Country {
  readonly name: string;
  readonly capital: string;
  readonly currency: string;
  /** Millions of inhabitants. */
  readonly population: number;
  readonly language: string;
}

/** An attribute a question part can ask about. */
export type Attribute = 'capital' | 'currency' | 'population' | 'language';

/** The attributes, in the order the documents state them. */
export const ATTRIBUTES: readonly Attribute[] = Object.freeze(['capital', 'currency', 'population', 'language']);

const country = (name: string, capital: string, currency: string, population: number, language: string): Country =>
  Object.freeze({ name, capital, currency, population, language });

/** The table. */
export const COUNTRIES: readonly Country[] = Object.freeze([
  country('Peru', 'Lima', 'the sol', 34, 'Spanish'),
  country('Japan', 'Tokyo', 'the yen', 124, 'Japanese'),
  country('Kenya', 'Nairobi', 'the Kenyan shilling', 55, 'Swahili'),
  country('Norway', 'Oslo', 'the Norwegian krone', 6, 'Norwegian'),
  country('Vietnam', 'Hanoi', 'the dong', 100, 'Vietnamese'),
  country('Chile', 'Santiago', 'the Chilean peso', 20, 'Spanish'),
  country('Egypt', 'Cairo', 'the Egyptian pound', 112, 'Arabic'),
  country('Canada', 'Ottawa', 'the Canadian dollar', 40, 'English and French'),
]);

/** The sentence that states `attribute` of `c` (what a good note says). */
export function factSentence(c: Country, attribute: Attribute): string {
  switch (attribute) {
    case 'capital':
      return `The capital of ${c.name} is ${c.capital}.`;
    case 'currency':
      return `The currency of ${c.name} is ${c.currency}.`;
    case 'population':
      return `${c.name} has about ${c.population} million inhabitants.`;
    case 'language':
      return `Most people in ${c.name} speak ${c.language}.`;
  }
}

/** The short answer to "the `attribute` of `c`". */
export function factValue(c: Country, attribute: Attribute): string {
  return attribute === 'population' ? `${c.population} million` : c[attribute];
}

/** A search hit: a titled document. */
export interface Doc {
  readonly title: string;
  readonly text: string;
}

/** The three documents about `c`: overview (capital), economy (currency), people (population, language). */
export function docsAbout(c: Country): readonly Doc[] {
  return [
    {
      title: `${c.name} — overview`,
      text: `${c.name} is a country with a long history. ${factSentence(c, 'capital')} It has several large cities.`,
    },
    {
      title: `${c.name} — economy`,
      text: `The economy of ${c.name} has grown in recent decades. ${factSentence(c, 'currency')} Tourism matters too.`,
    },
    {
      title: `${c.name} — people`,
      text:
        `${factSentence(c, 'population')} ${factSentence(c, 'language')} Many live near the coast or in the ` +
        'capital.',
    },
  ];
}

/** The country named in `text`, if any. */
export const countryIn = (text: string): Country | undefined => COUNTRIES.find((c) => text.includes(c.name));

/** The attribute named in `text` ("the capital of Peru" → capital), if any. */
export const attributeIn = (text: string): Attribute | undefined =>
  ATTRIBUTES.find((a) => text.includes(`the ${a} of`));
