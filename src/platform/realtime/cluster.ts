import { type Command, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';

type Reply = (answer: unknown) => void;

/**
 * Messages between the nodes of one deployment of an app, carried by its Socket.IO adapter (Redis
 * streams with REDIS_URL): `publish` tells every other node, `ask` gathers their answers (a node
 * that does not answer within the adapter's 5 s is left out and logged). Without Redis there are
 * no other nodes: nothing is sent and nobody answers.
 */
export class ClusterBus {
  constructor(
    private readonly io: Server,
    readonly clustered: boolean,
    private readonly logger: Logger,
  ) {}

  publish(event: string, ...args: unknown[]): void {
    // emit() logs its own failure and never rejects: nothing to wait for or catch here.
    if (this.clustered) void this.emit(event, args);
  }

  ask<T>(event: string, ...args: unknown[]): Promise<T[]> {
    if (!this.clustered) return Promise.resolve([]);
    return new Promise((resolve) => {
      const sent = this.emit(event, [
        ...args,
        (err: Error | null, answers: T[] | undefined) => {
          if (err) this.logger.warn({ err, event }, 'a node did not answer in time');
          resolve(answers ?? []);
        },
      ]);
      void sent.then((ok) => ok || resolve([]));
    });
  }

  /**
   * Through the adapter itself. Whether the message went out: false when the adapter refused it;
   * a message the adapter sends without waiting (by PUBLISH) and Redis then fails is logged by
   * the adapter's client (see `AdapterClient`).
   */
  private async emit(event: string, packet: unknown[]): Promise<boolean> {
    try {
      await (this.io.of('/').adapter as unknown as { serverSideEmit(packet: unknown[]): Promise<void> }).serverSideEmit([event, ...packet]);
      return true;
    } catch (err) {
      this.logger.warn({ err, event }, 'a message to the other nodes could not be sent');
      return false;
    }
  }

  /** Handles `event` from the other nodes; what the handler gives back answers their `ask`. */
  on(event: string, handler: (...args: never[]) => unknown): void {
    this.io.on(event, (...args: unknown[]) => {
      const reply = typeof args.at(-1) === 'function' ? (args.pop() as Reply) : undefined;
      Promise.resolve()
        .then(() => handler(...(args as never[])))
        .then(
          (answer) => reply?.(answer ?? null),
          (err) => {
            this.logger.error({ err, event }, 'a message from another node could not be handled');
            reply?.(null);
          },
        );
    });
  }
}

/**
 * The Redis client of the Socket.IO adapter (lazy: the adapter's own clients are duplicates of it,
 * and connect before they are used). The adapter sends some commands without waiting for them:
 * messages between nodes (PUBLISH) and a leaving socket's session (SET). One that fails — a late
 * departure telling the other nodes while this node closes its connection, say — is logged here
 * (at debug, as the adapter logs the failures it catches itself) instead of becoming an unhandled
 * rejection; a caller that waits still gets the error.
 */
export class AdapterClient extends Redis {
  constructor(
    url: string,
    private readonly logger: Logger,
  ) {
    super(url, { maxRetriesPerRequest: null, lazyConnect: true });
    this.on('error', (err) => logger.warn({ err }, 'realtime redis error'));
  }

  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    const sent = super.sendCommand(command, stream);
    if (sent instanceof Promise) sent.catch((err: unknown) => this.logger.debug({ err, command: command.name }, 'a realtime redis command failed'));
    return sent;
  }
}
