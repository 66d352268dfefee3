import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { defineRoom, defineServer } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { Reply } from '@aspf/shared/protocol';
import { ROOM_NAME } from '@aspf/shared/protocol';
import type { ServerConfig } from './config.ts';
import { createApiHandler } from './http/api.ts';
import { createSecurityHandler, guardJoins, joinFailureLimit } from './http/security.ts';
import { RateLimiter } from './security/rate-limit.ts';
import { createStaticHandler } from './http/static.ts';
import { lanAddresses } from './http/addresses.ts';
import { colyseusLogger, createLogger, routeWarnings, type Logger } from './log.ts';
import { Metrics, instrumentStore, throughProxy } from './metrics.ts';
import { GameRoom } from './room/game-room.ts';
import { memoryClaims, redisClaims } from './scale/claims.ts';
import { clusterParts, requireRedis } from './scale/cluster.ts';
import { startSweeps } from './scale/recovery.ts';
import { startLease } from './scale/fencing.ts';
import { createReadinessHandler } from './scale/readiness.ts';
import type { RoomServices } from './services.ts';
import { restoreSessions } from './sessions.ts';
import { PostgresSessionStore } from './store/postgres-store.ts';
import { SqliteSessionStore } from './store/sqlite-store.ts';
import type { SessionStore } from './store/session-store.ts';

export interface RunningServer {
  port: number;
  /** http://host:port of this process. */
  url: string;
  services: RoomServices;
  /** Sessions restored from the store at boot. */
  restored: string[];
  /** Disconnects every client (close 4001), closes the store; sessions stay resumable. */
  close(): Promise<void>;
}

/** The store the configuration names: PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR. */
export async function openStore(config: ServerConfig): Promise<SessionStore> {
  return config.databaseUrl
    ? PostgresSessionStore.connect(config.databaseUrl, { schema: config.databaseSchema })
    : new SqliteSessionStore(config.dataDir);
}

/**
 * The app factory: one Colyseus server with the game room, the HTTP API, /metrics and (when built)
 * the client, on one port. Colyseus keeps its matchmaker per process, so one process runs one
 * server; with REDIS_URL several processes share rooms (server/src/scale/).
 */
export async function startServer(config: ServerConfig, given?: SessionStore): Promise<RunningServer> {
  const log = createLogger(config.logLevel, { format: config.logFormat, ...(config.publicAddress ? { base: { process: config.publicAddress } } : {}) });
  if (config.redisUrl) await requireRedis(config.redisUrl); // fail fast instead of hanging (docs/DEPLOY.md)
  const raw = given ?? await openStore(config);
  let url = '';
  const metrics = new Metrics(config.publicAddress ? { process: config.publicAddress } : {});
  const store = instrumentStore(raw, metrics);
  const claims = config.redisUrl ? redisClaims(config.redisUrl, randomBytes(9).toString('base64url')) : memoryClaims();
  const services: RoomServices = {
    config, store, log, registry: new Map(), metrics, claims,
    publicUrl: () => config.publicUrl ?? url,
    misses: new RateLimiter(joinFailureLimit()),
  };

  class SessionRoom extends GameRoom {
    override services = services;

    /** Counts every request's refusal by code for /metrics, without touching the room's logic. */
    override onMessage(type: string | number, ...rest: unknown[]): unknown {
      const last = rest.length - 1;
      const callback = rest[last];
      if (type !== '*' && typeof callback === 'function') {
        rest[last] = (...args: unknown[]) => {
          const result = (callback as (...a: unknown[]) => unknown)(...args);
          if (result instanceof Promise) void result.then((reply) => isReply(reply) && metrics.reply(reply), () => undefined);
          return result;
        };
      }
      return (super.onMessage as (...a: unknown[]) => unknown)(type, ...rest);
    }
  }

  const security = createSecurityHandler();
  const api = createApiHandler(services);
  const files = createStaticHandler(config.staticDir);
  const transport = new WebSocketTransport({ maxPayload: config.maxPayloadBytes });
  const server = defineServer({
    rooms: { [ROOM_NAME]: defineRoom(SessionRoom) },
    transport,
    ...clusterParts(config, log),
    greet: false,
    logger: colyseusLogger(log),
    gracefullyShutdown: false, // stopOnSignals below, with a deadline and a log line

    express: (app) => {
      app.disable('x-powered-by');
      app.use(security);
      app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.url !== '/metrics' || req.method !== 'GET') return next();
        if (throughProxy(req.headers)) return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        const body = metrics.render(gauges(services));
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
        res.end(body);
      });
      app.use(createReadinessHandler(services));
      app.use((req: never, res: never, next: () => void) => void api(req, res, next));
      if (files) app.use(files);
    },
  });
  let stopSweeps = () => {};
  let stopLease = () => {};
  const stopLoopWatch = metrics.watchEventLoop();
  server.onShutdown(async () => {
    stopSweeps();
    stopLease();
    stopLoopWatch();
    await claims.close();
    await store.close();
  });

  if (config.handleSignals) {
    stopOnSignals(log, (error) => server.gracefullyShutdown(true, error));
    routeWarnings(log);
  }
  await server.listen(config.port, config.host);
  guardJoins(transport.server as HttpServer, services.misses); // joins by code only; misses per address are limited (docs/SECURITY.md)
  const address = (transport.server as HttpServer).address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  url = `http://${host}:${address.port}`;
  stopLease = startLease(services);
  const { restored } = await restoreSessions(services);
  if (config.recoveryIntervalMs > 0) stopSweeps = startSweeps(services, config.recoveryIntervalMs);
  const storeName = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  log.info(`ASPF Table server on ${url} (sessions in ${storeName}${config.redisUrl ? ', rooms shared through Redis' : ''}${files ? `, client from ${config.staticDir}` : ''}); ${restored.length} session(s) restored`,
    { port: address.port, restored: restored.length });
  const lan = lanAddresses(address.port, config.host);
  if (lan.length) log.info(`Students on this network can join at ${lan.join(' or ')}`, { addresses: lan.join(' ') });

  return {
    port: address.port,
    url,
    services,
    restored,
    close: () => server.gracefullyShutdown(false),
  };
}

/** How long a stopping process may take to close its rooms before it exits anyway (ms). */
const STOP_DEADLINE_MS = 15_000;

/**
 * SIGTERM/SIGINT close every room (clients get 4001 and rejoin, on another process if there is
 * one) and exit 0; an uncaught error or unhandled rejection is logged as one line and does the
 * same with exit code 1. A shutdown that hangs (a store that does not answer) ends at the
 * deadline, and a second signal ends it at once: a supervisor's stop always stops the process.
 */
function stopOnSignals(log: Logger, shutdown: (error?: Error) => Promise<void>): void {
  let stopping = false;
  const stop = (why: string, error?: Error) => {
    if (stopping) {
      log.error(`${why} while stopping: exiting now`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      log.error(`the server did not stop within ${STOP_DEADLINE_MS / 1000} s: exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    void shutdown(error);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log.info(`${signal}: closing every room and stopping`, { signal });
      stop(signal);
    });
  }
  process.on('uncaughtException', (error) => {
    log.error('uncaught error: the server stops', error);
    stop('uncaught error', error);
  });
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function gauges(services: RoomServices) {
  let clients = 0;
  for (const room of services.registry.values()) clients += room.clients.length;
  return { sessions: services.registry.size, clients };
}
