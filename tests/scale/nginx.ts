import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's nginx in front of N server processes, configured as docs/DEPLOY.md says (front door to
 * any process; one WebSocket-only path `/nN/` per process; X-Forwarded-For set to the peer; access
 * log without query strings), on a free port of 127.0.0.1 with its own prefix folder. Skipped with
 * the reason printed when nginx is not installed, unless ASPF_REQUIRE_SERVICES=1 (CI installs it).
 */

const BINARIES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

export function nginxBinary(): string | null {
  const found = BINARIES.find((b) => existsSync(b)) ?? null;
  if (found) return found;
  const reason = `nginx is not installed (looked in ${BINARIES.join(', ')})`;
  if (process.env.ASPF_REQUIRE_SERVICES === '1') throw new Error(`${reason}; ASPF_REQUIRE_SERVICES=1 requires it (apt-get install -y nginx)`);
  process.stdout.write(`SKIP tests/scale: ${reason}\n`);
  return null;
}

export interface Nginx {
  port: number;
  url: string;
  /** `127.0.0.1:PORT/nI` for process i (1-based): its PUBLIC_ADDRESS. */
  address(i: number): string;
  /** Everything nginx logged for requests so far. */
  accessLog(): string;
  stop(): Promise<void>;
}

/** The configuration docs/DEPLOY.md recommends, for processes listening on `ports`. */
export function nginxConfig(prefix: string, listen: number, ports: number[]): string {
  const upstream = ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  const perProcess = ports.map((p, i) => `
    location /n${i + 1}/ {
      if ($http_upgrade !~* "^websocket$") { return 404; }
      proxy_pass http://127.0.0.1:${p}/;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_connect_timeout 2s;
      proxy_read_timeout 1h;
    }`).join('\n');
  return `
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${prefix}/tmp/body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
  log_format noquery '$remote_addr [$time_local] "$request_method $uri" $status $request_time';
  access_log ${prefix}/access.log noquery;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream aspf_any {
${upstream}
  }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://aspf_any;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
      proxy_next_upstream error timeout http_502 http_503;
    }
    location = /metrics { return 404; }
${perProcess}
  }
}
`;
}

export async function startNginx(binary: string, port: number, ports: number[]): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'aspf-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers run as another user when the tests run as root
  mkdirSync(join(prefix, 'tmp'));
  writeFileSync(join(prefix, 'nginx.conf'), nginxConfig(prefix, port, ports));
  const child: ChildProcess = spawn(binary, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}${existsSync(join(prefix, 'error.log')) ? readFileSync(join(prefix, 'error.log'), 'utf8') : ''}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port, url,
    address: (i) => `127.0.0.1:${port}/n${i}`,
    accessLog: () => (existsSync(join(prefix, 'access.log')) ? readFileSync(join(prefix, 'access.log'), 'utf8') : ''),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGQUIT');
      await exited;
    },
  };
}
