import type { FitmateContext } from '../module';
import { ChatBroadcast } from './broadcast';
import { Chat } from './chat';
import { roomMates } from './contacts';
import { Conversation } from './conversation';
import { ChatRooms } from './rooms';
import { registerChatRoutes } from './routes';
import { sendLimiter } from './send-limit';
import { registerChatSocket } from './socket';

/** Documents 000 and 004's chat: the REST API under /api/chat and the Socket.IO events on FitMate's port. */
export function registerChat({ core, ctx, db, cache }: FitmateContext): Chat {
  const rooms = new ChatRooms(db);
  const broadcast = new ChatBroadcast(core.gateway, rooms, () => core.notifications, ctx.logger);
  const chat = new Chat(rooms, new Conversation(db), broadcast, sendLimiter(cache), ctx.logger);
  registerChatRoutes(core.router, chat, db);
  registerChatSocket({ gateway: core.gateway, chat, db, rolesOf: (userId) => core.identity.roles(userId), logger: ctx.logger });
  // Whether someone is online is told only to the people they share a chat room with.
  core.gateway.presenceAudience((userId) => roomMates(db, userId));
  return chat;
}
