import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { platformMessages } from '../../src/platform/http/i18n';
import type { Gateway } from '../../src/platform/realtime/gateway';
import { CONSOLE_ROOM, serveConsoleCounters } from '../../src/platform/realtime/console';

type Handler = (...args: unknown[]) => Promise<void>;

/** The part of a gateway the console counters use: connections, one room, local emits, and its words. */
function fakeGateway() {
  const rooms = new Map<string, Set<string>>();
  const emitted: string[] = [];
  const connections: Array<(socket: unknown) => void> = [];
  const gateway = {
    onConnection: (handler: (socket: unknown) => void) => connections.push(handler),
    io: { of: () => ({ adapter: { rooms } }), local: { to: () => ({ emit: (event: string) => emitted.push(event) }) } },
    messages: platformMessages,
  } as unknown as Gateway;
  /** A signed-in socket; returns its console:watch handler and how it leaves the room. */
  const connect = (id: string) => {
    const handlers = new Map<string, Handler>();
    const socket = {
      data: { principal: { userId: 1 }, lang: 'en' },
      on: (event: string, handler: Handler) => handlers.set(event, handler),
      join: async (room: string) => void rooms.set(room, (rooms.get(room) ?? new Set()).add(id)),
    };
    for (const handler of connections) handler(socket);
    return { watch: () => handlers.get('console:watch')!(() => undefined), leave: () => rooms.get(CONSOLE_ROOM)!.delete(id) };
  };
  return { gateway, emitted, connect };
}

describe('console counters (issue 17: no timer with nobody watching)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ticks only from the first watcher until the last one has gone, and again for a new one', async () => {
    const { gateway, emitted, connect } = fakeGateway();
    const stop = serveConsoleCounters(gateway, async () => ['ADMIN']);
    expect(vi.getTimerCount()).toBe(0);

    const admin = connect('a');
    await admin.watch();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(emitted).toEqual(['console:counters', 'console:counters']);

    admin.leave();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(vi.getTimerCount()).toBe(0);

    await connect('b').watch();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(emitted).toHaveLength(3);
    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts nothing for a watcher who is not an admin', async () => {
    const { gateway, connect } = fakeGateway();
    serveConsoleCounters(gateway, async () => ['USER']);
    await connect('u').watch();
    expect(vi.getTimerCount()).toBe(0);
  });
});
