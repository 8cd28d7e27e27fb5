import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.js';

/** `GET /live`: the WebSocket endpoint; the protocol is in packages/protocol (live.ts). */
export function registerLiveRoute(api: FastifyInstance, services: PlatformServices): void {
  api.get('/live', { websocket: true }, (socket) => {
    const handlers = services.live.connect(socket);
    if (handlers === undefined) return;
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      handlers.onMessage(isBinary ? '' : data.toString('utf8'));
    });
    socket.on('close', () => handlers.onClose());
    socket.on('error', () => handlers.onClose());
  });
}
