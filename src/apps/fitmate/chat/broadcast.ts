import type { Logger } from 'pino';
import { defineMessages, translate } from '../feature';
import type { Notifier } from '../../../platform/notify/inbox/notifier';
import type { NotificationType } from '../types';
import { type Gateway, userRoom } from '../../../platform/realtime/gateway';
import type { RoomRow } from './access';
import type { ChatRooms } from './rooms';
import type { ChatMessageView, ReadReceipt } from './schemas';
import type { ChatClientEvents, ChatServerEvents } from './socket/events';

const Words = defineMessages({
  CHAT_NOTIFY_IMAGE: { ko: '사진을 보냈습니다.', en: 'Sent a photo.' },
  CHAT_NOTIFY_FILE: { ko: '파일을 보냈습니다.', en: 'Sent a file.' },
  CHAT_NOTIFY_SUPPORT: { ko: '고객 지원', en: 'Support' },
});

/** The Socket.IO room of a chat room: sockets that opened it (joinChat) are in it, on every node. */
export const chatRoom = (roomId: number) => `chat:${roomId}`;
/** The chat room a Socket.IO room is of, or undefined for any other room. */
export function chatRoomIdOf(room: string): number | undefined {
  const match = /^chat:(\d{1,15})$/.exec(room);
  return match ? Number(match[1]) : undefined;
}
/** Where staff who called joinAsAdmin hear of every support room. */
export const ADMIN_ROOM = 'chat:admin-room';

/**
 * Tells the participants of a room what happened in it, once it is saved. Each event goes to the
 * room's Socket.IO room and to every participant's user room at once; Socket.IO sends it once per
 * socket however many of those rooms the socket is in. So every tab of every participant hears it,
 * whether or not it opened the room, on any node (the adapter carries it), and membership is the
 * database's, read at the time of sending, not a socket's memory of it.
 */
export class ChatBroadcast {
  constructor(
    private readonly gateway: Gateway<ChatServerEvents, ChatClientEvents>,
    private readonly rooms: ChatRooms,
    private readonly notifier: () => Notifier<NotificationType>,
    private readonly logger: Logger,
  ) {}

  async newMessage(room: RoomRow, message: ChatMessageView): Promise<void> {
    const participants = await this.rooms.participantIds(room.id);
    this.gateway.io.to(this.audience(room, participants)).emit('newMessage', message);
    // Notifying is a side effect of a sent message, not part of sending: a failure is logged.
    void this.notifyOffline(room, message, participants).catch((err) => this.logger.warn({ err, roomId: room.id }, 'chat notification failed'));
  }

  async messageEdited(room: RoomRow, message: ChatMessageView): Promise<void> {
    await this.emit(room, 'messageEdited', message);
  }

  async messageDeleted(room: RoomRow, message: ChatMessageView): Promise<void> {
    await this.emit(room, 'messageDeleted', message);
  }

  async messageRead(room: RoomRow, receipt: ReadReceipt): Promise<void> {
    await this.emit(room, 'messageRead', receipt);
  }

  /** Sockets of a user who left or was removed stop hearing the room. */
  forget(roomId: number, userId: number): void {
    this.gateway.io.in(userRoom(userId)).socketsLeave(chatRoom(roomId));
  }

  private async emit<E extends 'messageEdited' | 'messageDeleted' | 'messageRead'>(
    room: RoomRow,
    event: E,
    ...payload: Parameters<ChatServerEvents[E]>
  ): Promise<void> {
    this.gateway.io.to(this.audience(room, await this.rooms.participantIds(room.id))).emit(event, ...payload);
  }

  private audience(room: RoomRow, participants: number[]): string[] {
    return [chatRoom(room.id), ...participants.map(userRoom), ...(room.roomType === 'support' ? [ADMIN_ROOM] : [])];
  }

  /** A chat_message notification for each participant with no socket anywhere. */
  private async notifyOffline(room: RoomRow, message: ChatMessageView, participants: number[]): Promise<void> {
    const others = participants.filter((id) => id !== message.senderId);
    if (!others.length) return;
    // One look across all nodes for everyone, rather than one per participant.
    const sockets = await this.gateway.io.in(others.map(userRoom)).fetchSockets();
    const online = new Set(sockets.map((s) => s.data.principal.userId));
    const away = others.filter((id) => !online.has(id));
    const sender = message.sender?.name ?? '';
    const title =
      room.roomType === 'support' && message.senderId !== room.createdBy
        ? translate('ko', Words.CHAT_NOTIFY_SUPPORT)
        : room.name
          ? `${room.name} · ${sender}`
          : sender;
    const text = message.message?.trim() || translate('ko', message.messageType === 'image' ? Words.CHAT_NOTIFY_IMAGE : Words.CHAT_NOTIFY_FILE);
    for (const userId of away) {
      await this.notifier().notify(userId, {
        type: 'chat_message',
        title: Array.from(title).slice(0, 200).join(''),
        message: Array.from(text).slice(0, 200).join(''),
        data: { chatRoomId: room.id, messageId: message.id, senderId: message.senderId, roomType: room.roomType },
      });
    }
  }
}
