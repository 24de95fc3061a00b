import { requestLang } from '../../../platform/http/i18n';
import type { Router } from '../../../platform/http/router';
import { RecommendationMessage as Message } from './messages';
import { feedbackBody, feedbackSchema, recommendationListSchema, recommendationQuery } from './schemas';
import type { Recommendations } from './service';

const RULES = `Built from the fitness level (BEGINNER difficulty 1–4, INTERMEDIATE 3–7, ADVANCED 5–10), the goal types of the profile and of
ACTIVE goals, the equipment at hand (exercises needing anything else are left out), the available time (timed exercises must fit), the
muscles trained today or yesterday in Seoul (left to recover), the last 14 days' average difficulty (at most two steps above it) and
feedback (DISLIKE removes, LIKE raises, SKIP lowers for a week, DONE counts as trained). At most two exercises per muscle group. Cached
up to 12 hours and the Seoul day; feedback, records, profile and goal changes give a fresh list.`;

/** Document 000's /api/recommendations and /api/recommendations/feedback. */
export function recommendationsRoutes(router: Router, { recommendations }: { recommendations: Recommendations }): void {
  const tags = ['recommendations'];
  router.get(
    '/api/recommendations',
    {
      summary: '운동 추천 (Personal exercise recommendations)',
      description: RULES,
      tags,
      auth: true,
      query: recommendationQuery,
      response: recommendationListSchema,
    },
    async (req) => recommendations.list(req.principal.userId, req.query.limit, requestLang(req)),
  );
  router.post(
    '/api/recommendations/feedback',
    {
      summary: '추천 피드백 (Feedback on a recommendation)',
      tags,
      auth: true,
      body: feedbackBody,
      response: feedbackSchema,
      status: 201,
      message: Message.RECOMMENDATION_FEEDBACK_SAVED,
    },
    async (req) => recommendations.feedback(req.principal.userId, req.body),
  );
}
