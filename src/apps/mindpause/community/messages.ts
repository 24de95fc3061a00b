import { defineMessages } from '../feature';

export const CommunityMessage = defineMessages({
  POST_NOT_FOUND: { ko: '게시글을 찾을 수 없습니다.', en: 'The post was not found.' },
  COMMENT_NOT_FOUND: { ko: '댓글을 찾을 수 없습니다.', en: 'The comment was not found.' },
  NOT_THE_AUTHOR: { ko: '작성자만 수정하거나 삭제할 수 있습니다.', en: 'Only the author can change or delete this.' },
  ATTACHMENT_NOT_YOURS: { ko: '본인이 올린 이미지 첨부 파일만 게시글에 넣을 수 있습니다.', en: 'Only images you uploaded yourself can be added to a post.' },
  ALREADY_REPORTED: { ko: '이미 신고한 게시물입니다.', en: 'You have already reported this.' },
  CANNOT_REPORT_OWN: { ko: '본인이 작성한 글은 신고할 수 없습니다.', en: 'You cannot report what you wrote yourself.' },
  POST_CREATED: { ko: '게시글이 작성되었습니다.', en: 'The post has been created.' },
  POST_UPDATED: { ko: '게시글이 수정되었습니다.', en: 'The post has been updated.' },
  POST_DELETED: { ko: '게시글이 삭제되었습니다.', en: 'The post has been deleted.' },
  COMMENT_CREATED: { ko: '댓글이 작성되었습니다.', en: 'The comment has been posted.' },
  COMMENT_UPDATED: { ko: '댓글이 수정되었습니다.', en: 'The comment has been updated.' },
  COMMENT_DELETED: { ko: '댓글이 삭제되었습니다.', en: 'The comment has been deleted.' },
  REPORTED: { ko: '신고가 접수되었습니다.', en: 'The report has been received.' },
});
