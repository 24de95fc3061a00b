import { defineFeature } from '../feature';
import { chatArchiveStep } from './archive';
import { ChatBroadcast } from './broadcast';
import { Chat } from './chat';
import { roomMates } from './contacts';
import { Conversation } from './conversation';
import { ChatRooms } from './rooms';
import { chatRoutes } from './routes';
import { sendLimiter } from './send-limit';
import { chatSockets } from './socket';
import * as tables from './tables';

/** Documents 000 and 004's chat: the REST API under /api/chat and the Socket.IO events on FitMate's port. */
export const chatFeature = defineFeature({
  name: 'chat',
  tables,
  needs: ['gateway', 'notifications', 'identity', 'cache', 'cleanup'],
  services({ core, db, logger }) {
    const rooms = new ChatRooms(db);
    const broadcast = new ChatBroadcast(core.gateway, rooms, () => core.notifications, logger);
    // Midnight: messages past their 90 days move to the archive.
    core.cleanup.push(chatArchiveStep(db));
    return { chat: new Chat(rooms, new Conversation(db), broadcast, sendLimiter(core.cache), logger), db };
  },
  routes: (router, services) => chatRoutes(router, services),
  sockets(gateway, { chat }, { core, db }) {
    chatSockets({ gateway, chat, db, rolesOf: (userId) => core.identity.roles(userId) });
    // Whether someone is online is told only to the people they share a chat room with.
    gateway.presenceAudience((userId) => roomMates(db, userId));
  },
});
