import type { EmailMessage } from './mailer';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A plain, mobile-friendly HTML layout; every value put into it is escaped. */
function layout(appName: string, heading: string, paragraphs: string[], body: { code: string } | { link?: { href: string; label: string } }) {
  const middle =
    'code' in body
      ? `<p style="margin:24px 0;font-size:32px;letter-spacing:8px;font-weight:bold;text-align:center">${escapeHtml(body.code)}</p>
<p style="color:#888;font-size:13px;line-height:1.6">본인이 요청하지 않았다면 이 메일을 무시해 주세요. 코드는 누구에게도 알려 주지 마세요.</p>`
      : `${
          body.link
            ? `<p style="margin:24px 0;text-align:center"><a href="${escapeHtml(body.link.href)}" style="display:inline-block;padding:12px 24px;background:#222;color:#fff;border-radius:8px;text-decoration:none">${escapeHtml(body.link.label)}</a></p>\n`
            : ''
        }<p style="color:#888;font-size:13px;line-height:1.6">알림 수신 설정은 ${escapeHtml(appName)} 앱의 설정에서 바꿀 수 있습니다.</p>`;
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f7;font-family:'Apple SD Gothic Neo','Malgun Gothic',sans-serif;color:#222">
<div style="max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:32px">
<p style="margin:0 0 8px;color:#888;font-size:14px">${escapeHtml(appName)}</p>
<h1 style="margin:0 0 24px;font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p style="line-height:1.6">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')}
${middle}
</div></body></html>`;
}

interface CodeMail {
  appName: string;
  to: string;
  name: string;
  code: string;
  minutes: number;
}

export function verificationEmail({ appName, to, name, code, minutes }: CodeMail): EmailMessage {
  const heading = '이메일 인증 코드';
  const lines = [`${name}님, 안녕하세요.`, `${appName} 이메일 인증을 위해 아래 6자리 코드를 입력해 주세요. 코드는 ${minutes}분 동안 유효합니다.`];
  return {
    to,
    template: 'email_verification',
    subject: `[${appName}] ${heading}`,
    text: `${lines.join('\n\n')}\n\n인증 코드: ${code}\n\n본인이 요청하지 않았다면 이 메일을 무시해 주세요.`,
    html: layout(appName, heading, lines, { code }),
  };
}

export function passwordResetEmail({ appName, to, name, code, minutes }: CodeMail): EmailMessage {
  const heading = '비밀번호 재설정 코드';
  const lines = [
    `${name}님, 안녕하세요.`,
    `비밀번호 재설정을 요청하셨습니다. 아래 6자리 코드를 입력해 새 비밀번호를 설정해 주세요. 코드는 ${minutes}분 동안 유효합니다.`,
  ];
  return {
    to,
    template: 'password_reset',
    subject: `[${appName}] ${heading}`,
    text: `${lines.join('\n\n')}\n\n재설정 코드: ${code}\n\n본인이 요청하지 않았다면 이 메일을 무시해 주세요. 비밀번호는 바뀌지 않습니다.`,
    html: layout(appName, heading, lines, { code }),
  };
}

interface NotificationMail {
  appName: string;
  to: string;
  title: string;
  message: string;
  /** Where the app is on the web ({APP}_WEB_URL's origin), if it has a web front end. */
  appUrl?: string;
}

/** A notification sent by email: its title and message, and a link to the app when there is one. */
export function notificationEmail({ appName, to, title, message, appUrl }: NotificationMail): EmailMessage {
  const paragraphs = message
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const footer = `알림 수신 설정은 ${appName} 앱의 설정에서 바꿀 수 있습니다.`;
  return {
    to,
    template: 'notification',
    subject: `[${appName}] ${title}`,
    text: `${title}\n\n${message}\n\n${appUrl ? `${appName}에서 보기: ${appUrl}\n\n` : ''}${footer}`,
    html: layout(appName, title, paragraphs, { link: appUrl ? { href: appUrl, label: `${appName}에서 보기` } : undefined }),
  };
}
