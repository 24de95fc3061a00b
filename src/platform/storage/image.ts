import { AppError } from '../http/errors';
import { defineMessages } from '../http/i18n';
import { StorageMessage, formatBytes } from './storage';

export const ImageMessage = defineMessages({
  IMAGE_TYPE_UNSUPPORTED: { ko: 'JPEG, PNG, WebP 이미지만 올릴 수 있습니다.', en: 'Only JPEG, PNG and WebP images can be uploaded.' },
  IMAGE_UNREADABLE: {
    ko: '이미지를 읽을 수 없습니다. 손상되지 않은 파일인지 확인해 주세요.',
    en: 'The image cannot be read. Check that the file is not damaged.',
  },
});

export type ImageType = 'jpeg' | 'png' | 'webp';

/** The image type by the file's first bytes; names and claimed content types prove nothing. */
export function detectImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

export interface SquareImageOptions {
  /** Side of the square in pixels. */
  size: number;
  /** Largest input accepted. */
  maxBytes: number;
  quality?: number;
}

// Beyond this a small file can still decode to gigabytes (a "decompression bomb"); 50 MP covers phone cameras.
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * A JPEG, PNG or WebP upload as a square WebP: turned upright by its EXIF orientation, cropped to
 * fill the square, and without metadata (no location, no camera details).
 */
export function toSquareWebp(input: Buffer, options: SquareImageOptions): Promise<Buffer> {
  return reencode(input, options, { width: options.size, height: options.size, fit: 'cover' });
}

export interface FittedImageOptions {
  /** Longest side in pixels; smaller images keep their size. */
  maxSide: number;
  /** Largest input accepted. */
  maxBytes: number;
  quality?: number;
}

/**
 * A JPEG, PNG or WebP upload as a WebP that fits within `maxSide` (never enlarged), upright and
 * without metadata: what a shared photo should be.
 */
export function toFittedWebp(input: Buffer, options: FittedImageOptions): Promise<Buffer> {
  return reencode(input, options, { width: options.maxSide, height: options.maxSide, fit: 'inside', withoutEnlargement: true });
}

interface Resize {
  width: number;
  height: number;
  fit: 'cover' | 'inside';
  withoutEnlargement?: boolean;
}

async function reencode(input: Buffer, options: { maxBytes: number; quality?: number }, resize: Resize): Promise<Buffer> {
  if (input.length > options.maxBytes) throw new AppError(413, StorageMessage.FILE_TOO_LARGE, { limit: formatBytes(options.maxBytes) });
  const type = detectImageType(input);
  if (!type) throw new AppError(415, ImageMessage.IMAGE_TYPE_UNSUPPORTED);
  // Loaded on first use: sharp's native library is slow to load and most processes never need it.
  const { default: sharp } = await import('sharp');
  try {
    return await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(resize)
      .webp({ quality: options.quality ?? 82 })
      .timeout({ seconds: 20 })
      .toBuffer();
  } catch {
    // Right first bytes, but not an image sharp can decode: damaged, truncated or too large.
    throw new AppError(400, ImageMessage.IMAGE_UNREADABLE);
  }
}
