import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { defineRoom, defineServer } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { ROOM_NAME } from '@aspf/shared/protocol';
import type { ServerConfig } from './config.ts';
import { createApiHandler } from './http/api.ts';
import { createSecurityHandler } from './http/security.ts';
import { createStaticHandler } from './http/static.ts';
import { createLogger } from './log.ts';
import { GameRoom } from './room/game-room.ts';
import type { RoomServices } from './services.ts';
import { restoreSessions } from './sessions.ts';
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

/**
 * The app factory: one Colyseus server with the game room, the HTTP API and (when built) the
 * client, on one port. Colyseus keeps its matchmaker per process, so one process runs one server.
 */
export async function startServer(config: ServerConfig, store: SessionStore = new SqliteSessionStore(config.dataDir)): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  let url = '';
  const services: RoomServices = {
    config, store, log, registry: new Map(),
    publicUrl: () => config.publicUrl ?? url,
  };

  class SessionRoom extends GameRoom {
    override services = services;
  }

  const security = createSecurityHandler();
  const api = createApiHandler(services);
  const files = createStaticHandler(config.staticDir);
  const transport = new WebSocketTransport({ maxPayload: config.maxPayloadBytes });
  const server = defineServer({
    rooms: { [ROOM_NAME]: defineRoom(SessionRoom) },
    transport,
    greet: false,
    gracefullyShutdown: config.handleSignals,
    express: (app) => {
      app.use(security);
      app.use((req: never, res: never, next: () => void) => void api(req, res, next));
      if (files) app.use(files);
    },
  });
  server.onShutdown(() => store.close());

  await server.listen(config.port, config.host);
  const address = (transport.server as HttpServer).address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  url = `http://${host}:${address.port}`;
  const { restored } = await restoreSessions(services);
  log.info(`ASPF Table server on ${url} (data in ${config.dataDir}${files ? `, client from ${config.staticDir}` : ''}); ${restored.length} session(s) restored`);

  return {
    port: address.port,
    url,
    services,
    restored,
    close: () => server.gracefullyShutdown(false),
  };
}
