// R-IMG-1 and R-IMG-2: how an image value is read and which bytes count as an image.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
}

/** R-IMG-1: drop everything up to the first comma; the rest must be canonical padded base64. */
export function decodeImageValue(value: string): Buffer | undefined {
  const comma = value.indexOf(',');
  const payload = comma === -1 ? value : value.slice(comma + 1);
  if (payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return undefined;
  const bytes = Buffer.from(payload, 'base64');
  // Canonical means the bytes encode back to exactly the same text (no stray bits, no junk).
  return bytes.toString('base64') === payload ? bytes : undefined;
}

/** R-IMG-2: the format and size of an image, read from its own structure, or undefined. */
export function sniffImage(bytes: Buffer): ImageInfo | undefined {
  return readPng(bytes) ?? readGif(bytes) ?? readJpeg(bytes) ?? readWebp(bytes);
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function readPng(b: Buffer): ImageInfo | undefined {
  if (b.length < 33 || !b.subarray(0, 8).equals(pngSignature)) return undefined;
  if (b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return sized('png', b.readUInt32BE(16), b.readUInt32BE(20));
}

function readGif(b: Buffer): ImageInfo | undefined {
  const magic = b.toString('latin1', 0, 6);
  if (b.length < 14 || (magic !== 'GIF87a' && magic !== 'GIF89a')) return undefined;
  if (b[b.length - 1] !== 0x3b) return undefined; // the trailer
  return sized('gif', b.readUInt16LE(6), b.readUInt16LE(8));
}

function readJpeg(b: Buffer): ImageInfo | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let at = 2;
  // Walk the marker segments up to the first start-of-frame, which carries the size.
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    const length = b.readUInt16BE(at + 2);
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (at + 9 > b.length) return undefined;
      if (b[b.length - 2] !== 0xff || b[b.length - 1] !== 0xd9) return undefined; // end of image
      return sized('jpeg', b.readUInt16BE(at + 7), b.readUInt16BE(at + 5));
    }
    at += 2 + length;
  }
  return undefined;
}

function readWebp(b: Buffer): ImageInfo | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  if (b.readUInt32LE(4) + 8 !== b.length) return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return sized('webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return sized('webp', b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8X') return sized('webp', b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1);
  return undefined;
}

function sized(format: ImageFormat, width: number, height: number): ImageInfo | undefined {
  return width > 0 && height > 0 ? { format, width, height } : undefined;
}
