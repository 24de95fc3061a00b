import QRCode from 'qrcode';

/** A QR code of the payload as a PNG data URL and as SVG markup. */
export async function renderQr(payload: string): Promise<{ png: string; svg: string }> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  const [png, svg] = await Promise.all([QRCode.toDataURL(payload, { ...options, width: 320 }), QRCode.toString(payload, { ...options, type: 'svg' })]);
  return { png, svg };
}
