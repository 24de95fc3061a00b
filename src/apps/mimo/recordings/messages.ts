import { defineMessages } from '../feature';

export const RecordingMessage = defineMessages({
  RECORDING_NOT_FOUND: { ko: '녹화 파일을 찾을 수 없습니다.', en: 'The recording was not found.' },
  RECORDING_CREATED: { ko: '녹화 파일이 등록되었습니다.', en: 'The recording has been saved.' },
  RECORDING_UPDATED: { ko: '녹화 파일 정보가 수정되었습니다.', en: 'The recording has been updated.' },
  RECORDING_DELETED: { ko: '녹화 파일이 삭제되었습니다.', en: 'The recording has been deleted.' },
  UPLOAD_NOT_FOUND: { ko: '업로드 요청을 찾을 수 없습니다.', en: 'The upload was not found.' },
  UPLOAD_URL_ISSUED: { ko: '업로드 주소가 발급되었습니다.', en: 'The upload URL is ready.' },
  UPLOAD_ALREADY_COMPLETED: { ko: '이미 완료된 업로드입니다.', en: 'This upload has already been completed.' },
  UPLOAD_MISSING: { ko: '업로드된 파일이 없습니다. 발급된 주소로 먼저 올려 주세요.', en: 'Nothing was uploaded. Upload the file to the given URL first.' },
  UPLOAD_SIZE_MISMATCH: {
    ko: '업로드된 파일 크기({actual}바이트)가 요청한 크기({expected}바이트)와 다릅니다.',
    en: 'The uploaded file is {actual} bytes, not the {expected} bytes asked for.',
  },
  UPLOAD_EVENT_MISMATCH: { ko: '이벤트가 이 카메라의 것이 아닙니다.', en: 'The event is not one of this camera.' },
});
