/** The client's addresses: shareable links a teacher can put on a projector or in a chat. */
export type Route =
  | { screen: 'home' }
  | { screen: 'guide' }
  | { screen: 'join'; code: string }
  | { screen: 'play'; code: string }
  | { screen: 'facilitate'; code: string; key: string | null }
  | { screen: 'projector'; code: string }
  | { screen: 'replay'; code: string | null };

export function parseRoute(path: string, hash: string, search = ''): Route {
  const query = new URLSearchParams(search).get('code');
  if (query && (path === '/' || path === '')) return parseRoute(`/join/${query}`, hash);
  const [, screen, code] = path.split('/');
  const clean = (code ?? '').toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (screen === 'guide' && !code) return { screen: 'guide' };
  if (screen === 'replay') return { screen: 'replay', code: clean || null };
  if (!clean) return { screen: 'home' };
  if (screen === 'join') return { screen: 'join', code: clean };
  if (screen === 'play') return { screen: 'play', code: clean };
  if (screen === 'projector') return { screen: 'projector', code: clean };
  if (screen === 'facilitate') {
    // The key travels in the fragment: browsers never send it to the server or in Referer headers.
    const key = new URLSearchParams(hash.replace(/^#/, '')).get('key');
    return { screen: 'facilitate', code: clean, key };
  }
  return { screen: 'home' };
}

export const links = (origin: string, code: string, key?: string) => ({
  join: `${origin}/join/${code}`,
  play: `${origin}/play/${code}`,
  projector: `${origin}/projector/${code}`,
  facilitate: `${origin}/facilitate/${code}${key ? `#key=${key}` : ''}`,
});
