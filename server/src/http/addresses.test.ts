import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { lanAddresses } from './addresses.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as unknown as NetworkInterfaceInfo;

describe('lanAddresses', () => {
  const interfaces = {
    lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
    eth0: [nic('192.168.1.20', 'IPv4', false), nic('fe80::1', 'IPv6', false)],
    wlan0: [nic('10.0.0.7', 'IPv4', false)],
  };
  it('lists every external IPv4 address when bound to all interfaces', () => {
    expect(lanAddresses(2567, '0.0.0.0', interfaces)).toEqual(['http://192.168.1.20:2567', 'http://10.0.0.7:2567']);
  });
  it('lists only the bound host, and nothing for a loopback host', () => {
    expect(lanAddresses(80, '192.168.1.20', interfaces)).toEqual(['http://192.168.1.20:80']);
    expect(lanAddresses(80, '127.0.0.1', interfaces)).toEqual([]);
  });
});
