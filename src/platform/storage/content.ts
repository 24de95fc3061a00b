import { z } from 'zod';
import { detectImageType } from './image';

export type FileType = 'jpeg' | 'png' | 'webp' | 'pdf';

export const MIME_TYPES: Record<FileType, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', pdf: 'application/pdf' };

/**
 * An image or a PDF by its first bytes ("%PDF-"); names and claimed content types prove nothing.
 * PDFs may have a little junk before the header, which readers accept within the first 1 KB; we do not.
 */
export function detectFileType(bytes: Buffer): FileType | undefined {
  const image = detectImageType(bytes);
  if (image) return image;
  if (bytes.length >= 8 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  return undefined;
}

// Controls, path separators and characters that break headers or shells; the rest (Korean too) stays.
// eslint-disable-next-line no-control-regex -- matching them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A client's file name made safe to show and to put in a Content-Disposition: no folders, no
 * control or direction-changing characters, no leading dots, at most `max` characters (the
 * extension kept when it is short). Never used as a storage key.
 */
export function sanitizeFilename(name: string, max = 255): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let clean = base.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (clean.length > max) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, max - ext.length) + ext;
  }
  return clean || 'file';
}

/** A file name in a body: whatever the client sends (up to 1,000 characters) is kept only sanitised. */
export const filenameField = (max = 255) =>
  z
    .string()
    .max(1000)
    .transform((name) => sanitizeFilename(name, max));
