import type { AppConfig, Config } from '../../config';
import { LocalStorage } from './local';
import type { Storage } from './storage';

export type { SignedUpload, Storage, StoredFile, StoredFileInfo, UploadGrant } from './storage';
export { StorageMessage, formatBytes, isValidKey } from './storage';
export { LocalStorage } from './local';

/** An app's storage from its settings: S3 when it has a bucket, else files under DATA_DIR. */
export async function createStorage(config: Config, app: AppConfig): Promise<Storage> {
  const settings = app.storage;
  if (settings.driver === 's3') {
    // The AWS SDK takes a while to load; processes without S3 (every CLI command, most nodes) skip it.
    const { S3Storage } = await import('./s3');
    return new S3Storage({ app: app.name, ...settings });
  }
  return new LocalStorage({ app: app.name, dir: settings.dir, publicUrl: app.publicUrl, secret: config.appSecret });
}
