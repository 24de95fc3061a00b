import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { type Reply, client } from './http';

/** A fresh folder under the system's temp folder, removed by `remove`. */
export function tempDir(prefix = 'madang-files-') {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A port free right now, for an app that must know its public URL before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Settings for an app on local files in its own DATA_DIR, reached at a known public URL. */
export async function localFilesEnv(app: string, dataDir: string): Promise<Record<string, string>> {
  const port = await freePort();
  return { DATA_DIR: dataDir, [`${app.toUpperCase()}_PORT`]: String(port), [`${app.toUpperCase()}_PUBLIC_URL`]: `http://127.0.0.1:${port}` };
}

/**
 * A local S3-compatible server (s3rver) on a free port with one fresh bucket, its objects in a
 * temp folder. s3rver checks presigned URLs' expiry but not their signatures.
 */
export async function startS3() {
  const dir = tempDir('madang-s3-');
  const bucket = `madang-test-${randomBytes(4).toString('hex')}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir.path, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    bucket,
    endpoint,
    /** The settings that put an app's files in this bucket. */
    env: { S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER', S3_FORCE_PATH_STYLE: 'true' },
    async close() {
      await server.close();
      dir.remove();
    },
  };
}

/** A multipart form with files: [field, bytes, filename, content type]. */
export function form(...files: Array<[string, Buffer, string, string?]>): FormData {
  const data = new FormData();
  for (const [field, bytes, filename, type] of files) data.append(field, new Blob([bytes], { type: type ?? 'application/octet-stream' }), filename);
  return data;
}

/** POSTs a multipart form, as a browser or app would. */
export function postForm<T = any>(
  baseUrl: string,
  path: string,
  body: FormData,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  return client(baseUrl).post<T>(path, { raw: body, ...options });
}

/**
 * A GET with the path sent exactly as written: fetch and URL would resolve "..", "%2e%2e" and
 * backslashes before they reach the server.
 */
export function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
