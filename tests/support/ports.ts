import { createServer } from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1, for spawning a server process in a test. */
export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}
