import { normalizePhone } from '../../src/platform/http/fields';
import { createHmac, randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer a fake gives: an HTTP status and a JSON body (the success body when left out). */
export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/** A message a fake provider accepted or refused, as it arrived. */
export interface FakeSmsRequest {
  to: string;
  from: string;
  text: string;
  status: number;
}

export const TWILIO = {
  accountSid: `AC${'0123456789abcdef'.repeat(2)}`,
  authToken: 'twilio-auth-token-that-must-never-be-logged',
  phoneNumber: '+15005550006',
};

export const SOLAPI = {
  apiKey: 'NCSFAKEAPIKEY0001',
  apiSecret: 'solapi-secret-that-must-never-be-logged',
  sender: '0212345678',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * What a fake answers for each recipient: `script(to, answers)` queues answers for one number
 * (taken in order; once used up, the number gets the success answer).
 */
function scripts() {
  const queued = new Map<string, FakeAnswer[]>();
  return {
    script(to: string, answers: FakeAnswer[]) {
      queued.set(to, [...answers]);
    },
    next(to: string): FakeAnswer | undefined {
      return queued.get(to)?.shift();
    },
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => send(res, 599, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A local Twilio Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json): checks the account
 * in the path and HTTP Basic credentials, takes the form body the SDK sends, and answers with a
 * message resource or a Twilio error. Point the SDK at it with TWILIO_API_BASE_URL.
 */
export async function startFakeTwilio() {
  const requests: FakeSmsRequest[] = [];
  const { script, next } = scripts();
  const expectedAuth = `Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString('base64')}`;
  let counter = 0;

  const server = await listen(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`) {
      return send(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    }
    if (req.headers.authorization !== expectedAuth) return send(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = new URLSearchParams(await readBody(req));
    const to = form.get('To') ?? '';
    const answer = next(to);
    const status = answer?.status ?? 201;
    requests.push({ to, from: form.get('From') ?? '', text: form.get('Body') ?? '', status });
    if (answer && answer.status >= 400) {
      return send(
        res,
        answer.status,
        answer.body ?? { code: 20500, message: 'Internal Server Error', more_info: 'https://www.twilio.com/docs/errors/20500', status: answer.status },
      );
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    counter++;
    return send(res, status, {
      account_sid: TWILIO.accountSid,
      api_version: '2010-04-01',
      body: form.get('Body'),
      date_created: new Date().toUTCString(),
      direction: 'outbound-api',
      from: form.get('From'),
      num_segments: '1',
      price: '-0.04500',
      price_unit: 'USD',
      sid,
      status: 'queued',
      to,
      uri: `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages/${sid}.json`,
      ...(answer?.body as object | undefined),
    });
  });

  return {
    url: server.url,
    /** Settings that make an app send through this fake. */
    env: {
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_PHONE_NUMBER: TWILIO.phoneNumber,
      TWILIO_API_BASE_URL: server.url,
    },
    requests,
    script,
    get accepted() {
      return counter;
    },
    close: server.close,
  };
}

/**
 * A local Solapi (POST /messages/v4/send-many/detail): checks the HMAC-SHA256 Authorization header
 * the way Solapi does (signature over date + salt with the API secret) and answers with a group
 * and its message list, or an error. The SDK's requests to api.solapi.com reach it through
 * `install()`, since the SDK has no setting for its address.
 */
export async function startFakeSolapi() {
  const requests: FakeSmsRequest[] = [];
  const { script, next } = scripts();

  const authorized = (header: string | undefined) => {
    const match = /^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)$/.exec(header ?? '');
    if (!match || match[1] !== SOLAPI.apiKey) return false;
    const expected = createHmac('sha256', SOLAPI.apiSecret)
      .update(match[2]! + match[3]!)
      .digest('hex');
    return expected === match[4];
  };

  const server = await listen(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== '/messages/v4/send-many/detail') return send(res, 404, { errorCode: 'NotFound', errorMessage: 'Not found' });
    if (!authorized(req.headers.authorization)) return send(res, 401, { errorCode: 'InvalidAPIKey', errorMessage: 'Invalid API key or signature' });
    const body = JSON.parse(await readBody(req)) as { messages: Array<{ to: string; from: string; text: string }> };
    const message = body.messages[0]!;
    const answer = next(message.to);
    const status = answer?.status ?? 200;
    requests.push({ to: message.to, from: message.from, text: message.text, status });
    if (answer && answer.status >= 400) return send(res, answer.status, answer.body ?? { errorCode: 'InternalError', errorMessage: 'Internal server error' });
    const groupId = `G4V${randomBytes(10).toString('hex').toUpperCase()}`;
    const messageId = `M4V${randomBytes(10).toString('hex').toUpperCase()}`;
    const failed = (answer?.body as { failed?: { statusCode: string; statusMessage: string } } | undefined)?.failed;
    return send(res, status, {
      groupInfo: { groupId, status: 'SENDING', count: { total: 1, registeredFailed: failed ? 1 : 0, registeredSuccess: failed ? 0 : 1 } },
      failedMessageList: failed ? [{ to: message.to, from: message.from, type: 'SMS', country: '82', messageId, accountId: 'fake', ...failed }] : [],
      messageList: failed ? [] : [{ messageId, statusCode: '2000', statusMessage: '정상 접수(이통사로 접수 예정) ' }],
    });
  });

  const realFetch = globalThis.fetch;
  return {
    url: server.url,
    env: { SMS_PROVIDER: 'solapi', SOLAPI_API_KEY: SOLAPI.apiKey, SOLAPI_API_SECRET: SOLAPI.apiSecret, SOLAPI_SENDER: SOLAPI.sender },
    requests,
    script,
    /** Sends this process's requests for api.solapi.com to the fake instead. */
    install() {
      globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
        const request = new Request(input, init);
        const url = new URL(request.url);
        if (url.hostname !== 'api.solapi.com') return realFetch(input, init);
        return request.arrayBuffer().then((body) =>
          realFetch(`${server.url}${url.pathname}${url.search}`, {
            method: request.method,
            headers: request.headers,
            body: request.method === 'GET' ? undefined : body,
          }),
        );
      };
    },
    async close() {
      globalThis.fetch = realFetch;
      await server.close();
    },
  };
}

let phoneCounter = 0;
/** A fresh valid Korean mobile number (010-XXXX-XXXX) for each call, so tests never share limits. */
export function uniquePhone(): { local: string; e164: string } {
  // Some 010 ranges are not allotted (010-59xx, say), and libphonenumber rightly refuses them.
  for (;;) {
    const seven = String((process.pid * 7919 + Date.now() + phoneCounter++ * 104_729) % 10_000_000).padStart(7, '0');
    const digits = `${2 + (phoneCounter % 8)}${seven}`;
    const e164 = `+8210${digits}`;
    if (normalizePhone(e164)) return { local: `010-${digits.slice(0, 4)}-${digits.slice(4)}`, e164 };
  }
}
