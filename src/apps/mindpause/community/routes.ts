import { z } from 'zod';
import { lineText, longText } from '../../../platform/http/fields';
import { requestLang } from '../../../platform/http/i18n';
import { pageQuery, paginated } from '../../../platform/http/pagination';
import { type Router, idParam } from '../../../platform/http/router';
import { CATEGORY_LABELS, POST_CATEGORIES, REPORT_REASONS, REPORT_STATUSES, REPORT_TARGETS } from './tables';
import { CommunityMessage } from './messages';
import type { Community } from './service';

const authorSchema = z
  .object({ id: z.number(), nickname: z.string(), profileImageUrl: z.string().nullable() })
  .nullable()
  .describe('null when the post or comment is anonymous');

export const postSchema = z.object({
  id: z.number(),
  category: z.enum(POST_CATEGORIES),
  title: z.string(),
  content: z.string().describe('Exactly as written; show it as text, never as HTML'),
  isAnonymous: z.boolean(),
  author: authorSchema,
  isMine: z.boolean(),
  likedByMe: z.boolean(),
  viewCount: z.number(),
  likeCount: z.number(),
  commentCount: z.number(),
  images: z.array(z.object({ id: z.number(), url: z.string(), mimeType: z.string() })),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const commentSchema = z.object({
  id: z.number(),
  postId: z.number(),
  content: z.string(),
  isAnonymous: z.boolean(),
  author: authorSchema,
  isMine: z.boolean(),
  isPostAuthor: z.boolean().describe("Written by the post's author (글쓴이); false where it would reveal an anonymous writer"),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const reportSchema = z.object({
  id: z.number(),
  targetType: z.enum(REPORT_TARGETS),
  targetId: z.number(),
  reason: z.enum(REPORT_REASONS),
  note: z.string().nullable(),
  status: z.enum(REPORT_STATUSES),
  createdAt: z.date(),
});

const MAX_IMAGES = 10;
const attachmentIds = z
  .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
  .max(MAX_IMAGES)
  .refine((ids) => new Set(ids).size === ids.length, 'duplicate attachment id');
const title = lineText(100);
const content = longText(5000).pipe(z.string().min(1));

const postBody = z.strictObject({
  category: z.enum(POST_CATEGORIES),
  title,
  content,
  isAnonymous: z.boolean().optional(),
  attachmentIds: attachmentIds.optional().describe('Ids of your own uploaded image attachments, in order (at most 10)'),
});
const postPatch = z
  .strictObject({
    category: z.enum(POST_CATEGORIES).optional(),
    title: title.optional(),
    content: content.optional(),
    isAnonymous: z.boolean().optional(),
    attachmentIds: attachmentIds.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');
const listQuery = pageQuery.extend({ sort: z.enum(['latest', 'popular']).default('latest'), category: z.enum(POST_CATEGORIES).optional() });
const commentBody = z.strictObject({ content: longText(1000).pipe(z.string().min(1)), isAnonymous: z.boolean().optional() });
const commentPatch = z.strictObject({ content: longText(1000).pipe(z.string().min(1)) });
const reportBody = z.strictObject({ reason: z.enum(REPORT_REASONS), note: longText(500).nullable().optional() });
const likeSchema = z.object({ postId: z.number(), liked: z.boolean(), likeCount: z.number() });

/** Document 002's Phase 4.1 and 4.2, with reports. */
export function communityRoutes(router: Router, { community }: { community: Community }): void {
  const tags = ['community'];
  const auth = true as const;

  router.get(
    '/api/v1/community/categories',
    { summary: '게시판 카테고리 (Post categories)', tags, response: z.array(z.object({ code: z.enum(POST_CATEGORIES), name: z.string() })) },
    async (req) => POST_CATEGORIES.map((code) => ({ code, name: CATEGORY_LABELS[code][requestLang(req)] })),
  );

  router.post(
    '/api/v1/community/posts',
    { summary: '게시글 작성 (Write a post)', tags, auth, body: postBody, response: postSchema, status: 201, message: CommunityMessage.POST_CREATED },
    async (req) => community.createPost(req.principal.userId, req.body),
  );
  router.get(
    '/api/v1/community/posts',
    {
      summary: '게시글 목록 (Posts)',
      description: 'Newest first (`sort=latest`) or most liked first (`sort=popular`); `category` filters.',
      tags,
      auth,
      query: listQuery,
      response: paginated(postSchema),
    },
    async (req) => community.listPosts(req.principal.userId, req.query),
  );
  router.get(
    '/api/v1/community/posts/:id',
    { summary: '게시글 상세 (A post; counts a view)', tags, auth, params: idParam, response: postSchema },
    async (req) => community.post(req.params.id, req.principal.userId),
  );
  router.patch(
    '/api/v1/community/posts/:id',
    { summary: '게시글 수정 (Edit your post)', tags, auth, params: idParam, body: postPatch, response: postSchema, message: CommunityMessage.POST_UPDATED },
    async (req) => community.updatePost(req.params.id, req.principal.userId, req.body),
  );
  router.delete(
    '/api/v1/community/posts/:id',
    { summary: '게시글 삭제 (Delete your post)', tags, auth, params: idParam, response: z.null(), message: CommunityMessage.POST_DELETED },
    async (req) => {
      await community.deletePost(req.params.id, req.principal.userId);
      return null;
    },
  );
  router.post(
    '/api/v1/community/posts/:id/like',
    { summary: '좋아요 (Like; liking again changes nothing)', tags, auth, params: idParam, response: likeSchema },
    async (req) => community.like(req.params.id, req.principal.userId),
  );
  router.delete(
    '/api/v1/community/posts/:id/like',
    { summary: '좋아요 취소 (Unlike; unliking again changes nothing)', tags, auth, params: idParam, response: likeSchema },
    async (req) => community.unlike(req.params.id, req.principal.userId),
  );

  router.post(
    '/api/v1/community/posts/:id/comments',
    {
      summary: '댓글 작성 (Comment on a post)',
      tags,
      auth,
      params: idParam,
      body: commentBody,
      response: commentSchema,
      status: 201,
      message: CommunityMessage.COMMENT_CREATED,
    },
    async (req) => community.createComment(req.params.id, req.principal.userId, req.body),
  );
  router.get(
    '/api/v1/community/posts/:id/comments',
    { summary: '댓글 목록 (Comments, oldest first)', tags, auth, params: idParam, query: pageQuery, response: paginated(commentSchema) },
    async (req) => community.listComments(req.params.id, req.principal.userId, req.query),
  );
  router.patch(
    '/api/v1/community/comments/:id',
    {
      summary: '댓글 수정 (Edit your comment)',
      tags,
      auth,
      params: idParam,
      body: commentPatch,
      response: commentSchema,
      message: CommunityMessage.COMMENT_UPDATED,
    },
    async (req) => community.updateComment(req.params.id, req.principal.userId, req.body),
  );
  router.delete(
    '/api/v1/community/comments/:id',
    { summary: '댓글 삭제 (Delete your comment)', tags, auth, params: idParam, response: z.null(), message: CommunityMessage.COMMENT_DELETED },
    async (req) => {
      await community.deleteComment(req.params.id, req.principal.userId);
      return null;
    },
  );

  router.post(
    '/api/v1/community/posts/:id/report',
    {
      summary: '게시글 신고 (Report a post; once per user)',
      tags,
      auth,
      params: idParam,
      body: reportBody,
      response: reportSchema,
      status: 201,
      message: CommunityMessage.REPORTED,
    },
    async (req) => community.report(req.principal.userId, 'post', req.params.id, req.body),
  );
  router.post(
    '/api/v1/community/comments/:id/report',
    {
      summary: '댓글 신고 (Report a comment; once per user)',
      tags,
      auth,
      params: idParam,
      body: reportBody,
      response: reportSchema,
      status: 201,
      message: CommunityMessage.REPORTED,
    },
    async (req) => community.report(req.principal.userId, 'comment', req.params.id, req.body),
  );
}
