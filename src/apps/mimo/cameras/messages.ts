import { defineMessages } from '../feature';

export const CameraMessage = defineMessages({
  CAMERA_CREATED: {
    ko: '카메라가 등록되었습니다. 기기 인증 정보는 지금 한 번만 표시됩니다.',
    en: 'Camera registered. The device credential is shown this once only.',
  },
  CAMERA_UPDATED: { ko: '카메라 정보가 수정되었습니다.', en: 'Camera updated.' },
  CAMERA_DELETED: { ko: '카메라가 삭제되었습니다.', en: 'Camera deleted.' },
  CREDENTIAL_ROTATED: {
    ko: '새 기기 인증 정보가 발급되었습니다. 이전 인증 정보는 더 이상 쓸 수 없습니다.',
    en: 'A new device credential was issued; the old one no longer works.',
  },
  HEARTBEAT_OK: { ko: '하트비트를 받았습니다.', en: 'Heartbeat received.' },
  DEVICE_ALREADY_REGISTERED: { ko: '이미 등록된 기기입니다.', en: 'This device is already registered.' },
  DEVICE_ID_RESERVED: {
    ko: 'MIMO_USER_<번호>_ 로 시작하는 기기 ID는 그 번호의 계정만 쓸 수 있습니다.',
    en: 'A device id starting MIMO_USER_<number>_ belongs to that account alone.',
  },
  CAMERA_LIMIT_REACHED: { ko: '한 계정에 등록할 수 있는 카메라는 최대 {max}대입니다.', en: 'An account can register at most {max} cameras.' },
  NOTHING_TO_CHANGE: { ko: '변경할 내용이 없습니다.', en: 'Nothing to change.' },
});

/** The sweeper's notification to a camera's owner (Korean, as the apps' users read them). */
export const offlineNotice = (name: string, silentSec: number) => ({
  title: '카메라 연결이 끊겼어요',
  message: `'${name}' 카메라의 신호가 ${silentSec}초 넘게 들어오지 않아 오프라인으로 바뀌었습니다. 전원과 네트워크를 확인해 주세요.`,
});
