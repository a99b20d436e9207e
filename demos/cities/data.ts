/**
 * The fixed list of tourist cities the cities demo's simulated model knows: for each, the line it
 * gives in the list ("City, Country: what it is known for", about 13 words) and its one-sentence
 * answer to "why visit …?" (about 30 words, naming the city). Hand-written, so the demo prints
 * text a person can read and a test can check.
 */

/** One city of the list. */
export interface City {
  /** The city's name, as the answer about it names it. */
  readonly city: string;
  /** "City, Country" (or just the city, for a city-state): what a list line starts with. */
  readonly place: string;
  /** What it is known for: the rest of its list line. */
  readonly knownFor: string;
  /** The one-sentence answer to "why visit <place>?". */
  readonly why: string;
}

const city = (name: string, country: string, knownFor: string, why: string): City =>
  Object.freeze({ city: name, place: country ? `${name}, ${country}` : name, knownFor, why });

/** The cities, in the order the simulated model lists them. */
export const CITIES: readonly City[] = Object.freeze([
  city(
    'Kyoto',
    'Japan',
    'over a thousand temples, moss gardens and the lantern-lit lanes of Gion.',
    'Visit Kyoto to walk through a thousand years of Japanese history, from the vermilion gates of Fushimi Inari to quiet Zen gardens, wooden tea houses and the seasonal blaze of maples.',
  ),
  city(
    'Lisbon',
    'Portugal',
    'pastel hillside neighbourhoods, yellow trams, fado music and custard tarts by the river.',
    'Lisbon rewards a visit with sunny viewpoints over terracotta roofs, rattling trams up steep cobbled hills, soulful fado in Alfama and fresh pastel de nata from the bakeries of Belém.',
  ),
  city(
    'Cape Town',
    'South Africa',
    'Table Mountain, wild beaches and vineyards an hour from the city centre.',
    'Cape Town is worth the trip for the cable car up Table Mountain, penguins on Boulders Beach, the drive around the Cape Peninsula and world-class wines in nearby Stellenbosch.',
  ),
  city(
    'Istanbul',
    'Turkey',
    'Byzantine churches, Ottoman mosques and bazaars on two continents across the Bosphorus.',
    'Go to Istanbul to stand beneath the dome of Hagia Sophia, bargain in the Grand Bazaar, and take a ferry between Europe and Asia as the call to prayer echoes.',
  ),
  city(
    'Mexico City',
    'Mexico',
    'Aztec ruins, great museums, the blue house of Frida Kahlo and superb street food.',
    'Mexico City deserves a visit for its astonishing Museo Nacional de Antropología, the canals of Xochimilco, leafy Roma and Condesa, and tacos al pastor on almost every corner.',
  ),
  city(
    'Rome',
    'Italy',
    'the Colosseum, the Vatican and three thousand years of history on every corner.',
    'Visit Rome to see the Colosseum, the Pantheon and the Sistine Chapel in a single day, then linger over carbonara and gelato in piazzas that have been lived in for millennia.',
  ),
  city(
    'Marrakesh',
    'Morocco',
    'a maze of souks, riad courtyards and the storytellers of Jemaa el-Fnaa square.',
    'Marrakesh is worth visiting for the sensory rush of its medina, the evening food stalls of Jemaa el-Fnaa, the calm of the Majorelle Garden and day trips into the Atlas Mountains.',
  ),
  city(
    'Vancouver',
    'Canada',
    'mountains, ocean and rainforest parks within minutes of a relaxed downtown.',
    'Vancouver is worth a visit because you can cycle the seawall around Stanley Park, ski or hike on the North Shore mountains and eat excellent sushi, all in the same day.',
  ),
  city(
    'Hanoi',
    'Vietnam',
    'French colonial boulevards, lakeside temples and bowls of pho on tiny plastic stools.',
    'Hanoi is a wonderful place to visit for the buzzing lanes of its Old Quarter, steaming bowls of pho and bun cha, egg coffee by Hoan Kiem Lake and easy trips to Ha Long Bay.',
  ),
  city(
    'Buenos Aires',
    'Argentina',
    'tango halls, grand European avenues, steakhouses and late nights in Palermo.',
    'Visit Buenos Aires for tango in the milongas of San Telmo, long steak dinners in a parrilla, the colourful houses of La Boca and a nightlife that only starts after midnight.',
  ),
  city(
    'Edinburgh',
    'Scotland',
    'a castle on a volcanic crag, medieval closes and the August arts festivals.',
    'Edinburgh is worth visiting for its castle above the Royal Mile, a hike up Arthur’s Seat for views over the city, cosy pubs in hidden closes and the world’s largest arts festival every August.',
  ),
  city(
    'Cusco',
    'Peru',
    'Inca stonework under colonial churches and the gateway to Machu Picchu.',
    'Cusco is worth a visit as the old Inca capital, where colonial churches stand on perfectly fitted stone walls, and as the starting point for the Sacred Valley and Machu Picchu.',
  ),
  city(
    'Prague',
    'Czech Republic',
    'a Gothic old town, a hilltop castle and the statues of Charles Bridge.',
    'Prague rewards a visit with a fairy-tale skyline of spires, a stroll across Charles Bridge at dawn, the astronomical clock in the Old Town Square and some of Europe’s best beer.',
  ),
  city(
    'Singapore',
    '',
    'hawker centres, futuristic gardens and a dozen cultures in one compact city.',
    'Singapore is worth visiting for the glowing Supertrees of Gardens by the Bay, cheap and superb hawker food, and neighbourhoods like Chinatown and Little India packed into one spotless, easy city.',
  ),
  city(
    'Reykjavik',
    'Iceland',
    'colourful harbour streets, geothermal pools and the northern lights close by.',
    'Reykjavik is a great base to visit for its colourful harbour, steaming geothermal pools, the Golden Circle of geysers and waterfalls, and the chance of northern lights on winter nights.',
  ),
  city(
    'Seville',
    'Spain',
    'Moorish palaces, orange-scented plazas and flamenco in the Triana quarter.',
    'Seville deserves a visit for the tiled courtyards of the Real Alcázar, the vast cathedral and its Giralda tower, tapas crawls through Santa Cruz and passionate flamenco across the river in Triana.',
  ),
  city(
    'Sydney',
    'Australia',
    'the Opera House, the Harbour Bridge and surf beaches like Bondi and Manly.',
    'Sydney is worth visiting for its dazzling harbour, a ferry past the Opera House to Manly, the coastal walk from Bondi to Coogee and a relaxed outdoor life all year round.',
  ),
  city(
    'Cairo',
    'Egypt',
    'the Pyramids of Giza, the Egyptian Museum and the bustle of Islamic Cairo.',
    'Visit Cairo to stand before the Pyramids of Giza and the Sphinx, see the treasures of Tutankhamun, and wander the medieval lanes and markets of Islamic Cairo along the Nile.',
  ),
  city(
    'Amsterdam',
    'Netherlands',
    'canal rings, gabled houses, Rembrandt and Van Gogh, and bicycles everywhere.',
    'Amsterdam is worth a visit for its seventeenth-century canals, the Rijksmuseum and the Van Gogh Museum, the moving Anne Frank House and the simple joy of exploring it all by bicycle.',
  ),
  city(
    'Rio de Janeiro',
    'Brazil',
    'Sugarloaf Mountain, Christ the Redeemer and the beaches of Copacabana and Ipanema.',
    'Rio de Janeiro is worth visiting for the view from Christ the Redeemer, sunsets on Ipanema beach, samba nights in Lapa and the cable car to the top of Sugarloaf Mountain.',
  ),
]);
