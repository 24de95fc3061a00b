import type { EmailMessage } from './mailer';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A plain, mobile-friendly HTML layout; every value put into it is escaped. */
function layout(appName: string, heading: string, paragraphs: string[], code: string) {
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f7;font-family:'Apple SD Gothic Neo','Malgun Gothic',sans-serif;color:#222">
<div style="max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:32px">
<p style="margin:0 0 8px;color:#888;font-size:14px">${escapeHtml(appName)}</p>
<h1 style="margin:0 0 24px;font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((p) => `<p style="line-height:1.6">${escapeHtml(p)}</p>`).join('\n')}
<p style="margin:24px 0;font-size:32px;letter-spacing:8px;font-weight:bold;text-align:center">${escapeHtml(code)}</p>
<p style="color:#888;font-size:13px;line-height:1.6">본인이 요청하지 않았다면 이 메일을 무시해 주세요. 코드는 누구에게도 알려 주지 마세요.</p>
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
    html: layout(appName, heading, lines, code),
  };
}

export function passwordResetEmail({ appName, to, name, code, minutes }: CodeMail): EmailMessage {
  const heading = '비밀번호 재설정 코드';
  const lines = [`${name}님, 안녕하세요.`, `비밀번호 재설정을 요청하셨습니다. 아래 6자리 코드를 입력해 새 비밀번호를 설정해 주세요. 코드는 ${minutes}분 동안 유효합니다.`];
  return {
    to,
    template: 'password_reset',
    subject: `[${appName}] ${heading}`,
    text: `${lines.join('\n\n')}\n\n재설정 코드: ${code}\n\n본인이 요청하지 않았다면 이 메일을 무시해 주세요. 비밀번호는 바뀌지 않습니다.`,
    html: layout(appName, heading, lines, code),
  };
}
