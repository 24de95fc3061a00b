import { defineMessages } from '../feature';

/** What the live view tells a camera or viewer when it refuses something. */
export const LiveMessage = defineMessages({
  LIVE_NOT_JOINED: { ko: '먼저 이 카메라의 라이브 화면에 참여해야 합니다.', en: 'Join this camera’s live view first.' },
  RTC_PEER_NOT_FOUND: { ko: '이 카메라의 라이브 화면에서 상대를 찾을 수 없습니다.', en: 'No such peer is in this camera’s live view.' },
  RTC_RELAY_REFUSED: {
    ko: '연결 신호는 카메라와 시청자 사이에서만 주고받을 수 있습니다.',
    en: 'Connection signals pass only between a camera and its viewers.',
  },
  LIVE_CAMERA_GONE: { ko: '카메라가 삭제되었습니다.', en: 'The camera has been deleted.' },
  LIVE_VIEWER_ID_TAKEN: { ko: '이 카메라의 라이브 화면에서 이미 쓰이는 시청자 ID입니다.', en: 'That viewer id is already in use in this camera’s live view.' },
  LIVE_ALREADY_CAMERA: {
    ko: '이 연결은 이 카메라의 홈캠으로 등록되어 있어 시청할 수 없습니다.',
    en: 'This connection serves this camera; it cannot also watch it.',
  },
  LIVE_STATUS_IS_SERVERS: {
    ko: '상태는 서버가 연결과 하트비트로 판단합니다. 이 메시지는 지원하지 않습니다.',
    en: 'Status is known from the connection and its heartbeats; this message is not supported.',
  },
  LIVE_VIEWER_REVOKED: { ko: '카메라 주인이 시청 권한을 거두었습니다.', en: 'The camera’s owner has revoked your access.' },
});
