import type { AppContext, AppCore } from '../../../platform/app';
import { createChatModel } from '../../../platform/ai/client';
import { RateLimiter } from '../../../platform/http/rate-limit';
import { Counselling } from './counselling';
import { CounsellingReview } from './review';
import { registerCounsellingRoutes } from './routes';

export { Counselling } from './counselling';
export { CounsellingReview } from './review';

/** Document 002's AI counselling chat; gives back the admins' side (flag review, reply counts). */
export function registerCounselling(core: AppCore, ctx: AppContext): { counselling: Counselling; review: CounsellingReview } {
  const { config, app, database, logger } = ctx;
  const model = createChatModel(config.ai);
  if (!model) logger.info('no OPENAI_API_KEY: the AI counselling chat answers with its built-in responder');
  const counselling = new Counselling({ db: database.db, model, contextMessages: config.ai.contextMessages, logger });
  registerCounsellingRoutes(core.router, counselling, new RateLimiter(core.cache, 'ai-chat', app.rateLimits.aiChat));
  core.cleanup.push({ name: 'counsellingDeleted', run: () => counselling.purgeDeleted() });
  return { counselling, review: new CounsellingReview(database.db) };
}
