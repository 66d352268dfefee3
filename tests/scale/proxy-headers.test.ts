import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, cspFor } from '../../server/src/http/security.ts';
import { throughProxy } from '../../server/src/metrics.ts';

/** Behind nginx (docs/DEPLOY.md): whose address the limits count, and what the CSP lets the page reach. */

const request = (peer: string, headers: Record<string, string | string[]> = {}) =>
  ({ headers, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe('behind a proxy', () => {
  it('takes the last X-Forwarded-For hop (the proxy\'s own), never a client-supplied one', () => {
    const trust = { TRUST_PROXY: '1' };
    // $remote_addr: one entry, the real peer.
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.7' }), trust)).toBe('198.51.100.7');
    // $proxy_add_x_forwarded_for with a forged header: the forged hop is ignored.
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 198.51.100.7' }), trust)).toBe('198.51.100.7');
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': ['1.2.3.4', '198.51.100.7'] }), trust)).toBe('198.51.100.7');
    // Without TRUST_PROXY the header counts for nothing.
    expect(clientAddress(request('203.0.113.5', { 'x-forwarded-for': '198.51.100.7' }), {})).toBe('203.0.113.5');
  });

  it('lets the page reach PUBLIC_ADDRESS on another host or port, and nothing else new', () => {
    expect(cspFor({})).toMatch(/connect-src 'self';/);
    const csp = cspFor({ PUBLIC_ADDRESS: 'n1.table.example.org:8443/n1', CSP_CONNECT_SRC: "wss://n2.table.example.org 'unsafe-inline' https://x;y" });
    expect(csp).toMatch(/connect-src 'self' ws:\/\/n1\.table\.example\.org:8443 wss:\/\/n1\.table\.example\.org:8443 wss:\/\/n2\.table\.example\.org;/);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('knows a proxied request (so /metrics refuses it)', () => {
    expect(throughProxy({ 'x-forwarded-for': '198.51.100.7' })).toBe(true);
    expect(throughProxy({ forwarded: 'for=198.51.100.7' })).toBe(true);
    expect(throughProxy({ host: '10.0.0.11:2567' })).toBe(false);
  });
});
