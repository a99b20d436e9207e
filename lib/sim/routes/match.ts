/** Maps a method and URL to a simulator route. */

/** A matched route; `models` carries the id of GET /v1/models/{id}. */
export type RouteMatch =
  | { readonly route: 'chat' | 'completions' | 'embeddings' }
  | { readonly route: 'models'; readonly id: string | undefined }
  | { readonly route: 'unknown' };

const POSTS: Readonly<Record<string, 'chat' | 'completions' | 'embeddings'>> = {
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
};

/**
 * The route of a request. The query string is ignored; anything else, including a known path
 * with the wrong method, is `unknown` (answered 404).
 *
 * @example
 * matchRoute('GET', '/v1/models/epic-sim?x=1') // { route: 'models', id: 'epic-sim' }
 */
export function matchRoute(method: string | undefined, url: string | undefined): RouteMatch {
  const path = (url ?? '').split('?')[0] ?? '';
  if (method === 'POST') {
    const route = POSTS[path];
    return route ? { route } : { route: 'unknown' };
  }
  if (method !== 'GET') return { route: 'unknown' };
  if (path === '/v1/models') return { route: 'models', id: undefined };
  const id = /^\/v1\/models\/([^/]+)$/.exec(path)?.[1];
  return id === undefined ? { route: 'unknown' } : { route: 'models', id: decodeURIComponent(id) };
}
