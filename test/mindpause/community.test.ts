import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app';
import { form, localFilesEnv, postForm, tempDir } from '../support/files';
import { type Account, account } from '../support/mindpause';

const POSTS = '/api/v1/community/posts';

describe('MindPause community', () => {
  let t: TestApp;
  let alice: Account;
  let bob: Account;
  let carol: Account;
  let data: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    data = tempDir();
    t = await startTestApp('mindpause', { ...(await localFilesEnv('mindpause', data.path)), RATE_LIMIT_FILE_UPLOAD: '1000/hour' });
    [alice, bob, carol] = await Promise.all([account(t, ['USER'], '앨리스'), account(t, ['USER'], '밥'), account(t, ['USER'], '캐럴')]);
  });
  afterAll(async () => {
    await t?.close();
    data?.remove();
  });

  const write = (who: Account, body: Record<string, unknown>) =>
    t.api.post(POSTS, { token: who.token, body: { category: 'daily', title: '오늘의 기분', content: '조금 나아졌어요', ...body } });

  it('creates, reads (counting views), edits and deletes a post; only its author may change it', async () => {
    const created = await write(alice, { title: '첫 글', content: '안녕하세요\n반가워요', category: 'gratitude' });
    expect(created.status).toBe(201);
    const post = created.body.data;
    expect(post).toMatchObject({
      title: '첫 글',
      content: '안녕하세요\n반가워요',
      category: 'gratitude',
      isAnonymous: false,
      isMine: true,
      likeCount: 0,
      commentCount: 0,
      viewCount: 0,
      images: [],
    });
    expect(post.author).toEqual({ id: alice.id, nickname: '앨리스', profileImageUrl: null });

    const read1 = await t.api.get(`${POSTS}/${post.id}`, { token: bob.token });
    const read2 = await t.api.get(`${POSTS}/${post.id}`, { token: bob.token });
    expect(read1.body.data).toMatchObject({ viewCount: 1, isMine: false });
    expect(read2.body.data.viewCount).toBe(2);

    expect((await t.api.patch(`${POSTS}/${post.id}`, { token: bob.token, body: { title: '해킹' } })).status).toBe(403);
    expect((await t.api.delete(`${POSTS}/${post.id}`, { token: bob.token })).status).toBe(403);
    const edited = await t.api.patch(`${POSTS}/${post.id}`, { token: alice.token, body: { title: '고친 글' } });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ title: '고친 글', content: '안녕하세요\n반가워요', viewCount: 2 });

    expect((await t.api.delete(`${POSTS}/${post.id}`, { token: alice.token })).status).toBe(200);
    expect((await t.api.get(`${POSTS}/${post.id}`, { token: alice.token })).status).toBe(404);
    expect((await t.api.delete(`${POSTS}/${post.id}`, { token: alice.token })).status).toBe(404);
    expect((await t.api.patch(`${POSTS}/${post.id}`, { token: alice.token, body: { title: 'x' } })).status).toBe(404);
  });

  it('needs a signed-in user', async () => {
    expect((await t.api.get(POSTS)).status).toBe(401);
    expect((await t.api.post(POSTS, { body: { category: 'daily', title: 'a', content: 'b' } })).status).toBe(401);
  });

  it('refuses bad input with the field and the reason, never a 500', async () => {
    const cases: Array<[unknown, string]> = [
      [{ category: 'daily', title: '', content: 'x' }, 'title'],
      [{ category: 'nope', title: 'a', content: 'x' }, 'category'],
      [{ category: 'daily', title: 'a'.repeat(101), content: 'x' }, 'title'],
      [{ category: 'daily', title: 'a', content: 'x'.repeat(5001) }, 'content'],
      [{ category: 'daily', title: 'a', content: '   ' }, 'content'],
      [{ category: 'daily', title: 42, content: 'x' }, 'title'],
      [{ category: 'daily', title: 'a', content: 'x', isAnonymous: 'yes' }, 'isAnonymous'],
      [{ category: 'daily', title: 'a', content: 'x', attachmentIds: ['1'] }, 'attachmentIds.0'],
    ];
    for (const [body, field] of cases) {
      const res = await t.api.post(POSTS, { token: alice.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.success).toBe(false);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const extra = await t.api.post(POSTS, { token: alice.token, body: { category: 'daily', title: 'a', content: 'x', authorId: bob.id } });
    expect(extra.status).toBe(400);
    expect((await t.api.post(POSTS, { token: alice.token, raw: '{"category":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await t.api.get(`${POSTS}/abc`, { token: alice.token })).status).toBe(400);
    expect((await t.api.get(`${POSTS}?sort=random`, { token: alice.token })).status).toBe(400);
    expect((await t.api.get(`${POSTS}?limit=1000`, { token: alice.token })).status).toBe(400);
    expect((await t.api.get(`${POSTS}/999999999`, { token: alice.token })).status).toBe(404);
    const huge = await t.api.post(POSTS, {
      token: alice.token,
      raw: JSON.stringify({ category: 'daily', title: 'a', content: 'x'.repeat(3_000_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.success).toBe(false);
  });

  it('stores SQL and script as plain text and answers only JSON that browsers will not sniff', async () => {
    const script = `<script>alert(document.cookie)</script><img src=x onerror="alert(1)">`;
    const sqlText = `'; DROP TABLE mindpause.community_posts; --`;
    const created = await write(alice, { title: sqlText, content: script });
    expect(created.status).toBe(201);
    const res = await t.api.get(`${POSTS}/${created.body.data.id}`, { token: bob.token });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.body.data.content).toBe(script);
    expect(res.body.data.title).toBe(sqlText);
    // The raw body is JSON: the tag appears only inside a JSON string.
    expect(JSON.parse(res.text).data.content).toBe(script);
    const list = await t.api.get(POSTS, { token: bob.token, headers: { accept: 'text/html' } });
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(list.body.data.items.some((p: { content: string }) => p.content === script)).toBe(true);
    const comment = await t.api.post(`${POSTS}/${created.body.data.id}/comments`, { token: bob.token, body: { content: script } });
    expect(comment.body.data.content).toBe(script);
    expect(comment.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('lists newest first or most liked first, filtered by category, with pages', async () => {
    const category = 'tips';
    const ids: number[] = [];
    for (const title of ['하나', '둘', '셋']) ids.push((await write(carol, { category, title })).body.data.id);
    await t.api.post(`${POSTS}/${ids[0]}/like`, { token: alice.token });
    await t.api.post(`${POSTS}/${ids[0]}/like`, { token: bob.token });
    await t.api.post(`${POSTS}/${ids[1]}/like`, { token: alice.token });

    const latest = await t.api.get(`${POSTS}?category=${category}`, { token: alice.token });
    expect(latest.body.data.items.map((p: { id: number }) => p.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(latest.body.data.items.every((p: { category: string }) => p.category === category)).toBe(true);
    const popular = await t.api.get(`${POSTS}?category=${category}&sort=popular`, { token: alice.token });
    expect(popular.body.data.items.map((p: { id: number; likeCount: number }) => [p.id, p.likeCount])).toEqual([
      [ids[0], 2],
      [ids[1], 1],
      [ids[2], 0],
    ]);
    expect(popular.body.data.items.map((p: { likedByMe: boolean }) => p.likedByMe)).toEqual([true, true, false]);
    const page2 = await t.api.get(`${POSTS}?category=${category}&limit=2&page=2`, { token: alice.token });
    expect(page2.body.data.items.map((p: { id: number }) => p.id)).toEqual([ids[0]]);
    expect(page2.body.data.pagination).toEqual({ page: 2, limit: 2, totalItems: 3, totalPages: 2, hasNext: false, hasPrev: true });
  });

  it('counts likes exactly: liking twice or at once is one like, unliking twice is none', async () => {
    const id = (await write(alice, {})).body.data.id;
    const likes = await Promise.all(Array.from({ length: 8 }, () => t.api.post(`${POSTS}/${id}/like`, { token: bob.token })));
    expect(likes.every((r) => r.status === 200 && r.body.data.liked === true)).toBe(true);
    await Promise.all([t.api.post(`${POSTS}/${id}/like`, { token: carol.token }), t.api.post(`${POSTS}/${id}/like`, { token: alice.token })]);
    expect((await t.api.get(`${POSTS}/${id}`, { token: bob.token })).body.data).toMatchObject({ likeCount: 3, likedByMe: true });
    const unlikes = await Promise.all(Array.from({ length: 5 }, () => t.api.delete(`${POSTS}/${id}/like`, { token: bob.token })));
    expect(unlikes.every((r) => r.status === 200 && r.body.data.liked === false)).toBe(true);
    const after = await t.api.delete(`${POSTS}/${id}/like`, { token: bob.token });
    expect(after.body.data).toEqual({ postId: id, liked: false, likeCount: 2 });
    expect((await t.api.post(`${POSTS}/999999999/like`, { token: bob.token })).status).toBe(404);
  });

  it("never shows who wrote an anonymous post, in the post, the list, comments or likes, yet it stays the author's", async () => {
    const created = await write(alice, { isAnonymous: true, title: '익명 고민', category: 'worry' });
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ isAnonymous: true, author: null, isMine: true });
    // Her nickname, email or an author object with her id anywhere in an answer.
    const leaks = (text: string) =>
      text.includes('앨리스') || text.includes(alice.email) || text.includes(`"author":{"id":${alice.id},`) || /"userId"|"authorId"/.test(text);

    const seen = await t.api.get(`${POSTS}/${id}`, { token: bob.token });
    expect(seen.body.data).toMatchObject({ author: null, isMine: false });
    expect(leaks(seen.text)).toBe(false);
    const list = await t.api.get(`${POSTS}?category=worry&limit=100`, { token: bob.token });
    expect(leaks(JSON.stringify(list.body.data.items.find((p: { id: number }) => p.id === id)))).toBe(false);

    // The author answering under their own anonymous post stays anonymous, marked as the writer.
    const own = await t.api.post(`${POSTS}/${id}/comments`, { token: alice.token, body: { content: '고마워요' } });
    expect(own.body.data).toMatchObject({ isAnonymous: true, author: null, isPostAuthor: true, isMine: true });
    await t.api.post(`${POSTS}/${id}/comments`, { token: bob.token, body: { content: '힘내요' } });
    const comments = await t.api.get(`${POSTS}/${id}/comments`, { token: bob.token });
    expect(comments.body.data.items).toHaveLength(2);
    expect(leaks(comments.text)).toBe(false);
    expect(comments.body.data.items[1]).toMatchObject({ author: { id: bob.id, nickname: '밥' }, isPostAuthor: false, isMine: true });

    const like = await t.api.post(`${POSTS}/${id}/like`, { token: bob.token });
    expect(leaks(like.text)).toBe(false);

    // Still the author's: they edit and delete it, others cannot.
    expect((await t.api.patch(`${POSTS}/${id}`, { token: bob.token, body: { content: '...' } })).status).toBe(403);
    expect((await t.api.patch(`${POSTS}/${id}`, { token: alice.token, body: { content: '수정' } })).body.data).toMatchObject({
      content: '수정',
      author: null,
      isMine: true,
    });
    expect((await t.api.delete(`${POSTS}/${id}`, { token: alice.token })).status).toBe(200);
  });

  it("hides the writer of an anonymous comment on a named post, even when it is the post's author", async () => {
    const id = (await write(alice, {})).body.data.id;
    const res = await t.api.post(`${POSTS}/${id}/comments`, { token: alice.token, body: { content: '익명 댓글', isAnonymous: true } });
    expect(res.body.data).toMatchObject({ author: null, isPostAuthor: false });
    const list = await t.api.get(`${POSTS}/${id}/comments`, { token: bob.token });
    expect(list.body.data.items[0]).toMatchObject({ author: null, isPostAuthor: false, isMine: false });
  });

  it('comments: write, list oldest first with counts, edit and delete by their author only', async () => {
    const id = (await write(alice, {})).body.data.id;
    const first = await t.api.post(`${POSTS}/${id}/comments`, { token: bob.token, body: { content: '첫 댓글' } });
    expect(first.status).toBe(201);
    await t.api.post(`${POSTS}/${id}/comments`, { token: carol.token, body: { content: '두 번째' } });
    expect((await t.api.get(`${POSTS}/${id}`, { token: alice.token })).body.data.commentCount).toBe(2);
    const list = await t.api.get(`${POSTS}/${id}/comments`, { token: alice.token });
    expect(list.body.data.items.map((c: { content: string }) => c.content)).toEqual(['첫 댓글', '두 번째']);
    expect(list.body.data.items[0]).toMatchObject({ author: { id: bob.id, nickname: '밥' }, isPostAuthor: false, isMine: false });

    const commentId = first.body.data.id;
    expect((await t.api.patch(`/api/v1/community/comments/${commentId}`, { token: alice.token, body: { content: '남의 댓글' } })).status).toBe(403);
    expect((await t.api.delete(`/api/v1/community/comments/${commentId}`, { token: carol.token })).status).toBe(403);
    expect((await t.api.patch(`/api/v1/community/comments/${commentId}`, { token: bob.token, body: { content: '' } })).status).toBe(400);
    expect((await t.api.patch(`/api/v1/community/comments/${commentId}`, { token: bob.token, body: { content: '고친 댓글' } })).body.data.content).toBe(
      '고친 댓글',
    );
    expect((await t.api.delete(`/api/v1/community/comments/${commentId}`, { token: bob.token })).status).toBe(200);
    expect((await t.api.delete(`/api/v1/community/comments/${commentId}`, { token: bob.token })).status).toBe(404);
    expect((await t.api.get(`${POSTS}/${id}`, { token: alice.token })).body.data.commentCount).toBe(1);
    expect((await t.api.get(`${POSTS}/${id}/comments`, { token: alice.token })).body.data.items.map((c: { content: string }) => c.content)).toEqual([
      '두 번째',
    ]);

    expect((await t.api.post(`${POSTS}/999999999/comments`, { token: bob.token, body: { content: 'x' } })).status).toBe(404);
    expect((await t.api.post(`${POSTS}/${id}/comments`, { token: bob.token, body: {} })).status).toBe(400);
    await t.api.delete(`${POSTS}/${id}`, { token: alice.token });
    expect((await t.api.get(`${POSTS}/${id}/comments`, { token: bob.token })).status).toBe(404);
  });

  it("reports: a reason from the list and a note, once per user per post or comment, never one's own", async () => {
    const id = (await write(alice, {})).body.data.id;
    const commentId = (await t.api.post(`${POSTS}/${id}/comments`, { token: alice.token, body: { content: '댓글' } })).body.data.id;
    const report = await t.api.post(`${POSTS}/${id}/report`, { token: bob.token, body: { reason: 'spam', note: '광고' } });
    expect(report.status).toBe(201);
    expect(report.body.data).toMatchObject({ targetType: 'post', targetId: id, reason: 'spam', note: '광고', status: 'pending' });
    expect((await t.api.post(`${POSTS}/${id}/report`, { token: bob.token, body: { reason: 'abuse' } })).status).toBe(409);
    expect((await t.api.post(`${POSTS}/${id}/report`, { token: carol.token, body: { reason: 'self_harm' } })).status).toBe(201);
    expect((await t.api.post(`${POSTS}/${id}/report`, { token: alice.token, body: { reason: 'spam' } })).status).toBe(400);
    expect((await t.api.post(`${POSTS}/${id}/report`, { token: carol.token, body: { reason: 'boring' } })).status).toBe(400);
    expect((await t.api.post(`${POSTS}/${id}/report`, { token: carol.token, body: { reason: 'spam', note: 'x'.repeat(501) } })).status).toBe(400);
    expect((await t.api.post(`/api/v1/community/comments/${commentId}/report`, { token: bob.token, body: { reason: 'hate' } })).body.data).toMatchObject({
      targetType: 'comment',
      targetId: commentId,
    });
    expect((await t.api.post(`/api/v1/community/comments/${commentId}/report`, { token: bob.token, body: { reason: 'hate' } })).status).toBe(409);
    expect((await t.api.post(`/api/v1/community/comments/999999999/report`, { token: bob.token, body: { reason: 'hate' } })).status).toBe(404);
  });

  it("takes as post images only the author's own uploaded images", async () => {
    const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const upload = async (who: Account, bytes: Buffer, name: string) =>
      (await postForm(t.api.baseUrl, '/api/v1/files/upload/attachment', form(['file', bytes, name]), { token: who.token })).body.data;
    const [mine, mine2, theirs, doc] = await Promise.all([
      upload(alice, image, 'a.png'),
      upload(alice, image, 'b.png'),
      upload(bob, image, 'c.png'),
      upload(alice, pdf, 'd.pdf'),
    ]);

    const refused = await write(alice, { attachmentIds: [mine.id, theirs.id] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('attachmentIds.1');
    expect((await write(alice, { attachmentIds: [doc.id] })).status).toBe(400);
    expect((await write(alice, { attachmentIds: [mine.id, mine.id] })).status).toBe(400);

    const created = await write(alice, { attachmentIds: [mine2.id, mine.id] });
    expect(created.status).toBe(201);
    expect(created.body.data.images.map((i: { id: number }) => i.id)).toEqual([mine2.id, mine.id]);
    const shown = await t.api.get(`${POSTS}/${created.body.data.id}`, { token: bob.token });
    const file = await fetch(shown.body.data.images[0].url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/webp');

    expect((await t.api.patch(`${POSTS}/${created.body.data.id}`, { token: alice.token, body: { attachmentIds: [theirs.id] } })).status).toBe(400);
    const cleared = await t.api.patch(`${POSTS}/${created.body.data.id}`, { token: alice.token, body: { attachmentIds: [] } });
    expect(cleared.body.data.images).toEqual([]);
  });

  it('names its categories in Korean, or English when asked', async () => {
    const ko = await t.api.get('/api/v1/community/categories');
    expect(ko.body.data).toContainEqual({ code: 'worry', name: '고민 상담' });
    const en = await t.api.get('/api/v1/community/categories', { headers: { 'accept-language': 'en' } });
    expect(en.body.data).toContainEqual({ code: 'worry', name: 'Worries' });
  });
});
