import type { Logger } from 'pino';
import type { PageQuery } from '../../../platform/http/pagination';
import type { RateLimiter } from '../../../platform/http/rate-limit';
import type { Principal } from '../../../platform/http/router';
import type { ChatBroadcast } from './broadcast';
import type { Conversation, Sent } from './conversation';
import type { ChatRooms } from './rooms';
import type { ChatMessageView, CreateRoomInput, MessagePageQuery, ReadReceipt, RoomView, SendMessageInput } from './schemas';

/**
 * What REST routes and socket events both do: each change is saved first and told to the room
 * after, so a message that could not be saved is never seen. Telling is best effort: once saved, a
 * change stands even if a broadcast fails (it is logged, and the history has it).
 */
export class Chat {
  constructor(
    readonly rooms: ChatRooms,
    readonly conversation: Conversation,
    private readonly broadcast: ChatBroadcast,
    private readonly sendLimit: RateLimiter,
    private readonly logger: Logger,
  ) {}

  listRooms(principal: Principal, query: PageQuery) {
    return this.rooms.list(principal.userId, query);
  }

  getRoom(principal: Principal, roomId: number): Promise<RoomView> {
    return this.rooms.get(principal, roomId);
  }

  openRoom(principal: Principal, input: CreateRoomInput): Promise<RoomView> {
    return this.rooms.create(principal, input);
  }

  history(principal: Principal, roomId: number, query: MessagePageQuery) {
    return this.conversation.page(principal, roomId, query);
  }

  /** Counts against the sender's rate limit even when retried: a retry storm is still a storm. */
  async send(principal: Principal, roomId: number, input: SendMessageInput): Promise<Sent> {
    await this.sendLimit.consume(String(principal.userId));
    const sent = await this.conversation.send(principal, roomId, input);
    // A retried send was told the first time; telling it again would only make duplicates.
    if (!sent.duplicate) await this.tell(() => this.broadcast.newMessage(sent.room, sent.message));
    return sent;
  }

  async edit(principal: Principal, messageId: number, text: string): Promise<ChatMessageView> {
    const { room, message } = await this.conversation.edit(principal, messageId, text);
    await this.tell(() => this.broadcast.messageEdited(room, message));
    return message;
  }

  async remove(principal: Principal, messageId: number): Promise<ChatMessageView> {
    const { room, message, changed } = await this.conversation.remove(principal, messageId);
    if (changed) await this.tell(() => this.broadcast.messageDeleted(room, message));
    return message;
  }

  async markRead(principal: Principal, roomId: number, upTo?: number): Promise<ReadReceipt> {
    const { room, receipt } = await this.conversation.markRead(principal, roomId, upTo);
    if (receipt.count > 0) await this.tell(() => this.broadcast.messageRead(room, receipt));
    return receipt;
  }

  async addParticipants(principal: Principal, roomId: number, userIds: number[]): Promise<RoomView> {
    return (await this.rooms.addParticipants(principal, roomId, userIds)).room;
  }

  async removeParticipant(principal: Principal, roomId: number, userId: number): Promise<void> {
    await this.rooms.removeParticipant(principal, roomId, userId);
    this.broadcast.forget(roomId, userId);
  }

  private async tell(broadcast: () => Promise<void>): Promise<void> {
    try {
      await broadcast();
    } catch (err) {
      this.logger.warn({ err }, 'chat broadcast failed');
    }
  }
}
