import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * The addresses students can type or scan to reach this server (issue #14): every non-internal
 * IPv4 address of the machine's network interfaces, as `http://ADDRESS:PORT`. A server bound to one
 * host answers only there; one bound to every interface (0.0.0.0 or ::) answers on each of them.
 * `localhost` links work only on the teacher's own machine, which is why the start log and the
 * create-session answer list these.
 */
export function lanAddresses(port: number, host = '0.0.0.0', interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  if (host !== '0.0.0.0' && host !== '::') return isLoopback(host) ? [] : [`http://${host}:${port}`];
  const found = Object.values(interfaces).flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i.address}:${port}`);
  return [...new Set(found)];
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');
