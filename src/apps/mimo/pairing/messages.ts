import { defineMessages } from '../feature';

export const PairingMessage = defineMessages({
  CODE_GENERATED: { ko: '연결 코드가 생성되었습니다. 이전 코드는 더 이상 쓸 수 없습니다.', en: 'Pairing code created; any earlier code no longer works.' },
  CODE_VALID: { ko: '유효한 연결 코드입니다.', en: 'The pairing code is valid.' },
  CONNECTION_ESTABLISHED: { ko: '카메라에 뷰어로 연결되었습니다.', en: 'You can now watch this camera.' },
  ALREADY_CONNECTED: { ko: '이미 이 카메라에 연결되어 있습니다.', en: 'You can already watch this camera.' },
  VIEWER_REVOKED: { ko: '뷰어의 연결을 해제했습니다.', en: 'The viewer was removed.' },
  CONNECTION_LEFT: { ko: '카메라 연결을 해제했습니다.', en: 'You no longer watch this camera.' },
  INVALID_PAIRING_CODE: { ko: '연결 코드가 올바르지 않습니다.', en: 'The pairing code is not valid.' },
  PAIRING_CODE_EXPIRED: {
    ko: '연결 코드가 만료되었습니다. 홈캠에서 새 코드를 받아 주세요.',
    en: 'The pairing code has expired. Get a new one from the home camera.',
  },
  PAIRING_CODE_USED: { ko: '이미 사용된 연결 코드입니다.', en: 'The pairing code has already been used.' },
  OWN_CAMERA: { ko: '내 카메라에는 뷰어로 연결할 수 없습니다.', en: 'You own this camera; there is no need to pair with it.' },
  OWNER_CANNOT_LEAVE: {
    ko: '카메라 소유자는 연결을 해제할 수 없습니다. 카메라를 삭제해 주세요.',
    en: 'The owner cannot leave their own camera; delete it instead.',
  },
  VIEWER_NOT_FOUND: { ko: '이 카메라의 뷰어가 아닙니다.', en: 'That user is not a viewer of this camera.' },
  PIN_OR_CODE: { ko: 'PIN 또는 QR 코드 중 하나만 보내 주세요.', en: 'Send either a PIN or a QR code.' },
  PIN_FORMAT: { ko: 'PIN은 숫자 6자리입니다.', en: 'The PIN is six digits.' },
});

/** The owner's notification when someone pairs with their camera (Korean, as the app's users read them). */
export const viewerJoinedNotice = (viewerName: string, cameraName: string) => ({
  title: '새 뷰어가 연결되었어요',
  message: `${viewerName}님이 '${cameraName}' 카메라를 볼 수 있게 되었습니다. 모르는 사람이라면 연결을 해제해 주세요.`,
});
