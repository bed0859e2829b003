// How the server reads an image value (R-IMG-1) and recognises the bytes (R-IMG-2). Each format
// is recognised from its own container structure, not from a few magic bytes alone.

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

export interface RecognisedImage {
  kind: ImageKind;
  width: number;
  height: number;
}

/** R-IMG-1: the payload after the first comma, if any (so a data: URL prefix is allowed). */
export function imagePayload(value: string): string {
  const comma = value.indexOf(',');
  return comma < 0 ? value : value.slice(comma + 1);
}

/**
 * R-IMG-1: the bytes of a canonical, padded, standard-alphabet base64 payload, or undefined.
 * Node's decoder forgives a lot (missing padding, URL-safe letters, whitespace, stray bits), so
 * the test is the strict one: encoding the decoded bytes again must give back the same text.
 */
export function decodeCanonicalBase64(value: string): Buffer | undefined {
  const payload = imagePayload(value);
  const bytes = Buffer.from(payload, 'base64');
  return bytes.toString('base64') === payload ? bytes : undefined;
}

/** R-IMG-2: what kind of image the bytes are, or undefined when they are none of the four. */
export function recogniseImage(bytes: Buffer): RecognisedImage | undefined {
  return asPng(bytes) ?? asJpeg(bytes) ?? asGif(bytes) ?? asWebp(bytes);
}

function withSize(kind: ImageKind, width: number, height: number): RecognisedImage | undefined {
  return width >= 1 && height >= 1 ? { kind, width, height } : undefined;
}

const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG: the signature, then chunks (length, type, data, CRC) from IHDR to IEND. */
function asPng(bytes: Buffer): RecognisedImage | undefined {
  if (bytes.length < pngMagic.length || pngMagic.some((byte, i) => bytes[i] !== byte)) return undefined;
  let offset = pngMagic.length;
  let size: { width: number; height: number } | undefined;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return undefined;
    if (size === undefined) {
      // The header chunk comes first and always holds 13 bytes.
      if (type !== 'IHDR' || length !== 13) return undefined;
      size = { width: bytes.readUInt32BE(offset + 8), height: bytes.readUInt32BE(offset + 12) };
    }
    if (type === 'IEND') return withSize('png', size.width, size.height);
    offset = end;
  }
  return undefined;
}

/** JPEG: start-of-image, marker segments up to a start-of-frame that gives the size, and an
 * end-of-image marker at the very end. */
function asJpeg(bytes: Buffer): RecognisedImage | undefined {
  if (bytes.length < 6 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) return undefined;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2) return undefined;
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    const startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (startOfFrame) {
      if (offset + 9 > bytes.length) return undefined;
      return withSize('jpeg', bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5));
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan data or the end before any frame
    offset += 2 + length;
  }
  return undefined;
}

/** GIF: the 87a or 89a header, a logical screen size, and the trailer byte at the end. */
function asGif(bytes: Buffer): RecognisedImage | undefined {
  if (bytes.length < 14) return undefined;
  const header = bytes.toString('latin1', 0, 6);
  if (header !== 'GIF87a' && header !== 'GIF89a') return undefined;
  if (bytes[bytes.length - 1] !== 0x3b) return undefined;
  return withSize('gif', bytes.readUInt16LE(6), bytes.readUInt16LE(8));
}

/** WebP: a RIFF container of the right length holding a VP8, VP8L or VP8X chunk. */
function asWebp(bytes: Buffer): RecognisedImage | undefined {
  if (bytes.length < 21) return undefined;
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  if (bytes.readUInt32LE(4) !== bytes.length - 8) return undefined;
  const chunk = bytes.toString('latin1', 12, 16);
  const data = 20;
  if (chunk === 'VP8L') {
    // Lossless: a 0x2f signature byte, then 14-bit width-1 and height-1.
    if (bytes[data] !== 0x2f || bytes.length < data + 5) return undefined;
    const packed = bytes.readUInt32LE(data + 1);
    return withSize('webp', (packed & 0x3fff) + 1, ((packed >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ') {
    // Lossy: a frame tag of 3 bytes, the start code 9d 01 2a, then 14-bit width and height.
    if (bytes.length < data + 10 || bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) return undefined;
    return withSize('webp', bytes.readUInt16LE(data + 6) & 0x3fff, bytes.readUInt16LE(data + 8) & 0x3fff);
  }
  if (chunk === 'VP8X') {
    // Extended: flags and reserved bytes, then 24-bit canvas width-1 and height-1.
    if (bytes.length < data + 10) return undefined;
    return withSize('webp', bytes.readUIntLE(data + 4, 3) + 1, bytes.readUIntLE(data + 7, 3) + 1);
  }
  return undefined;
}
