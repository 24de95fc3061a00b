import { defineMessages } from '../feature';

export const FileMessage = defineMessages({
  ATTACHMENT_TYPE_UNSUPPORTED: { ko: 'JPEG, PNG, WebP 이미지와 PDF만 올릴 수 있습니다.', en: 'Only JPEG, PNG and WebP images and PDFs can be uploaded.' },
  PROFILE_IMAGE_UPDATED: { ko: '프로필 이미지가 변경되었습니다.', en: 'Profile image updated.' },
  ATTACHMENT_UPLOADED: { ko: '파일이 업로드되었습니다.', en: 'The file has been uploaded.' },
});
