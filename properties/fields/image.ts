// Real, tiny images built in code (R-IMG-2), and arbitraries of image values as a client sends
// them: canonical base64, with or without a data: prefix (R-IMG-1).
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import type { ImageFormat } from '../../contract/images.js';

export interface ImageConstraints {
  /** GIF avatars need premium (R-ACC-1); leave GIFs out for accounts without it. */
  allowGif: boolean;
  /** A data: prefix is allowed by the contract (R-IMG-1) but not stated on the page. */
  allowPrefix: boolean;
}

export interface ImageValue {
  format: ImageFormat;
  /** What goes into the patch. */
  value: string;
  /** The decoded image; the same bytes must always give the same hash (R-IMG-3). */
  bytes: Buffer;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1x1 RGB PNG of the given colour. */
export function png(rgb: number): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const row = Buffer.from([0, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(row)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A 1x1 GIF89a whose only palette entry has the given colour. */
export function gif(rgb: number): Buffer {
  return Buffer.from([
    ...Buffer.from('GIF89a', 'latin1'), 1, 0, 1, 0, 0x80, 0, 0,
    (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, 0, 0, 0,
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

/** A 1x1 greyscale baseline JPEG; the grey level goes into the quantisation table. */
export function jpeg(level: number): Buffer {
  const segment = (marker: number, data: number[]) => [0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff, ...data];
  const quant = Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 + (level % 255) : 1));
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...quant]),
    ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, 1, ...Array(15).fill(0), 0]),
    ...segment(0xc4, [0x10, 1, ...Array(15).fill(0), 0]),
    ...segment(0xda, [1, 1, 0, 0, 63, 0]),
    0x3f, 0xff, 0xd9,
  ]);
}

// Real 1x1 lossless WebP images (VP8L) of eight colours, made once with libwebp and checked to
// decode: a hand-written VP8L bit stream would be easy to get subtly wrong (R-IMG-2).
const webpImages = [
  '524946461e000000574542505650384c110000002f000000000750a39a74aaff8188e87f0000',
  '524946461e000000574542505650384c110000002f0000000007d0b79e37aaff8188e87f0000',
  '524946461e000000574542505650384c110000002f0000000007d0ceaaf4b1ff8188e87f0000',
  '524946461e000000574542505650384c110000002f000000000750e2a657adff8188e87f0000',
  '524946461e000000574542505650384c110000002f0000000007d0fffef7bfff8188e87f0000',
  '524946461a000000574542505650384c0e0000002f00000000071011fd0f4444ff03',
  '524946461e000000574542505650384c110000002f0000000007509a4ad4aaff8188e87f0000',
  '524946461e000000574542505650384c110000002f0000000007d0e6aef6bdff8188e87f0000'
].map((hex) => Buffer.from(hex, 'hex'));

/** A 1x1 lossless WebP; the colour picks one of eight real images. */
export function webp(colour: number): Buffer {
  return webpImages[Math.abs(colour) % webpImages.length]!;
}

export const imageBuilders: Record<ImageFormat, (colour: number) => Buffer> = { png, gif, jpeg, webp };

/** Image values the contract accepts for the account. */
export function image(constraints: ImageConstraints): fc.Arbitrary<ImageValue> {
  const formats: ImageFormat[] = constraints.allowGif ? ['png', 'jpeg', 'webp', 'gif'] : ['png', 'jpeg', 'webp'];
  return fc
    .record({
      format: fc.constantFrom(...formats),
      colour: fc.integer({ min: 0, max: 0xffffff }),
      prefixed: constraints.allowPrefix ? fc.boolean() : fc.constant(false),
    })
    .map(({ format, colour, prefixed }) => {
      const bytes = imageBuilders[format](colour);
      const base64 = bytes.toString('base64');
      return { format, bytes, value: prefixed ? `data:image/${format};base64,${base64}` : base64 };
    });
}
