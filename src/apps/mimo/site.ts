import type { SiteSpec } from '../../platform/site';

/** MIMO at `/`: document 003 in a few lines. */
export const mimoSite: SiteSpec = {
  tagline: '집에 둔 휴대폰을 홈카메라로: PIN이나 QR로 연결해 어디서나 실시간으로 보는 앱',
  about: [
    '휴대폰 하나를 카메라로 등록하면 6자리 PIN과 QR 코드가 나오고, 가족은 그 코드로 연결해 WebRTC로 실시간 영상을 봅니다. 카메라는 30초마다 하트비트를 보내고, 세 번 놓치면 오프라인으로 바뀌며 주인에게 알립니다.',
    '움직임·소리 이벤트, 녹화 조각의 업로드와 보관 기간, 알림 설정이 함께 있습니다.',
    'MIMO turns a phone left at home into a camera that family members pair with by PIN or QR code and watch live over WebRTC.',
  ],
  pages: [
    { path: '/live/camera', title: '카메라 켜기', description: '이 기기를 카메라로 등록하고 연결 PIN·QR 코드를 띄웁니다 (가입·로그인 포함)' },
    { path: '/live/viewer', title: '실시간 보기', description: 'PIN으로 카메라에 연결해 실시간 영상을 봅니다 (가입·로그인 포함)' },
  ],
  consoleSections: ['cameras'],
};
