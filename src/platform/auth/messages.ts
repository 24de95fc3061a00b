import { defineMessages } from '../http/i18n';

export const AuthMessage = defineMessages({
  TOKEN_EXPIRED: { ko: '인증 토큰이 만료되었습니다.', en: 'The access token has expired.' },
  INVALID_TOKEN: { ko: '유효하지 않은 인증 토큰입니다.', en: 'The access token is not valid.' },
  SESSION_REVOKED: { ko: '로그아웃되었거나 만료된 세션입니다. 다시 로그인해 주세요.', en: 'This session has ended. Please sign in again.' },
  INVALID_CREDENTIALS: { ko: '이메일 또는 비밀번호가 올바르지 않습니다.', en: 'The email or password is incorrect.' },
  INVALID_PASSWORD: { ko: '비밀번호가 올바르지 않습니다.', en: 'The password is incorrect.' },
  PASSWORD_REQUIRED: { ko: '계속하려면 비밀번호를 입력해 주세요.', en: 'Enter your password to continue.' },
  ACCOUNT_SUSPENDED: { ko: '이용이 정지된 계정입니다. 고객센터에 문의해 주세요.', en: 'This account is suspended. Please contact support.' },
  EMAIL_ALREADY_EXISTS: { ko: '이미 가입된 이메일입니다.', en: 'An account with this email already exists.' },
  INVALID_REFRESH_TOKEN: { ko: '유효하지 않은 리프레시 토큰입니다. 다시 로그인해 주세요.', en: 'The refresh token is not valid. Please sign in again.' },
  REFRESH_TOKEN_EXPIRED: { ko: '로그인이 만료되었습니다. 다시 로그인해 주세요.', en: 'Your sign-in has expired. Please sign in again.' },
  REFRESH_TOKEN_REUSED: {
    ko: '이미 사용된 리프레시 토큰입니다. 보안을 위해 이 기기의 로그인을 모두 해제했습니다.',
    en: 'This refresh token was already used. For your safety the session has been signed out.',
  },
  INVALID_CODE: { ko: '인증 코드가 올바르지 않습니다. (남은 시도 {remaining}회)', en: 'The code is incorrect ({remaining} tries left).' },
  CODE_EXPIRED: { ko: '인증 코드가 만료되었거나 없습니다. 코드를 다시 요청해 주세요.', en: 'The code has expired or does not exist. Request a new one.' },
  RESET_CODE_INVALID: {
    ko: '인증 코드가 올바르지 않거나 만료되었습니다. 코드를 다시 요청해 주세요.',
    en: 'The code is incorrect or has expired. Request a new one.',
  },
  TOO_MANY_ATTEMPTS: { ko: '시도 횟수를 초과했습니다. 코드를 다시 요청해 주세요.', en: 'Too many wrong tries. Request a new code.' },
  EMAIL_ALREADY_VERIFIED: { ko: '이미 인증된 이메일입니다.', en: 'This email is already verified.' },
  NO_PASSWORD_SET: {
    ko: '소셜 로그인으로 가입한 계정입니다. 비밀번호 재설정으로 비밀번호를 만들어 주세요.',
    en: 'This account signs in with a provider. Use password reset to create a password.',
  },
  REAUTH_REQUIRED: {
    ko: '보안을 위해 다시 로그인한 뒤 10분 안에 시도해 주세요.',
    en: 'For your safety, sign in again and retry within 10 minutes.',
  },
  EMAIL_DELIVERY_FAILED: {
    ko: '이메일을 보내지 못했습니다. 잠시 후 다시 시도해 주세요.',
    en: 'The email could not be sent. Please try again shortly.',
  },
  PASSWORD_SAME_AS_OLD: { ko: '새 비밀번호가 현재 비밀번호와 같습니다.', en: 'The new password is the same as the current one.' },
  OAUTH_NOT_CONFIGURED: { ko: '{provider} 로그인이 설정되지 않았습니다.', en: 'Sign-in with {provider} is not configured.' },
  OAUTH_STATE_MISMATCH: {
    ko: '로그인 요청이 유효하지 않거나 만료되었습니다. 다시 시도해 주세요.',
    en: 'The sign-in request is invalid or has expired. Please try again.',
  },
  OAUTH_DENIED: { ko: '소셜 로그인이 취소되었습니다.', en: 'The sign-in was cancelled.' },
  OAUTH_FAILED: { ko: '소셜 로그인 제공자와 통신하지 못했습니다.', en: 'Could not complete the sign-in with the provider.' },
  OAUTH_EMAIL_REQUIRED: { ko: '이메일 제공에 동의해야 가입할 수 있습니다.', en: 'The provider did not share an email address, which sign-up needs.' },
  OAUTH_ACCOUNT_EXISTS: {
    ko: '이 이메일로 가입된 계정이 있습니다. 기존 방법으로 로그인해 주세요.',
    en: 'An account with this email already exists. Please sign in the way you did before.',
  },
  INVALID_ID_TOKEN: { ko: '유효하지 않은 Google ID 토큰입니다.', en: 'The Google ID token is not valid.' },
  OWN_ADMIN_ROLE: { ko: '자신의 관리자 역할은 없앨 수 없습니다.', en: 'You cannot remove your own ADMIN role.' },
});
