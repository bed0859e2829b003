// Serves a Hono app on a loopback port (0 picks a free one) and hands back its base URL.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { type ReferenceOptions, createReferenceApp } from './reference/app.js';
import type { ReferenceStore } from './reference/stages.js';

export interface RunningServer {
  /** Includes the version prefix, as R-HTTP-1 asks: http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Hono, port = 0, hostname = '127.0.0.1'): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://${hostname}:${address.port}/v1`,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Requests that never get an answer (a planted fault does that) must not keep it open.
            server.closeAllConnections();
          }),
      });
    });
  });
}

export interface RunningReference extends RunningServer {
  store: ReferenceStore;
}

/** Starts a reference server (or a faulty variant, through options.overrides) on a free port. */
export async function startReferenceServer(options: ReferenceOptions & { port?: number } = {}): Promise<RunningReference> {
  const { app, store } = createReferenceApp(options);
  const running = await listen(app, options.port ?? 0);
  return { ...running, store };
}
