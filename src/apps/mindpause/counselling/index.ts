import { createChatModel } from '../../../platform/ai/client';
import { RateLimiter } from '../../../platform/http/rate-limit';
import { defineFeature } from '../feature';
import { Counselling } from './counselling';
import { CounsellingReview } from './review';
import { counsellingRoutes } from './routes';
import * as tables from './tables';

/** Document 002's AI counselling chat; gives the admins' side (flag review, reply counts) to the features after it. */
export const counsellingFeature = defineFeature({
  name: 'counselling',
  tables,
  needs: ['cache', 'cleanup'],
  services({ db, config, logger, core }) {
    const model = createChatModel(config.ai);
    if (!model) logger.info('no OPENAI_API_KEY: the AI counselling chat answers with its built-in responder');
    const counselling = new Counselling({ db, model, contextMessages: config.ai.contextMessages, logger });
    core.cleanup.push({ name: 'counsellingDeleted', run: () => counselling.purgeDeleted() });
    const limiter = new RateLimiter(core.cache, 'ai-chat', config.apps.mindpause.rateLimits.aiChat);
    return { counselling, limiter, review: new CounsellingReview(db) };
  },
  routes: (router, services) => counsellingRoutes(router, services),
});
