#!/usr/bin/env node
// Draws the toolbar icon (an open book on a calm blue tile) at every size the manifest uses.
// Run once; the PNGs are committed under public/icon/.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const TILE = [46, 74, 110, 255];
const PAGE = [250, 246, 236, 255];
const LINE = [150, 160, 175, 255];
function pixel(x, y) {
  // rounded tile
  const r = 0.18;
  const dx = Math.max(r - x, x - (1 - r), 0);
  const dy = Math.max(r - y, y - (1 - r), 0);
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  // two pages of an open book
  const top = 0.28 + Math.abs(x - 0.5) * 0.12;
  const bottom = 0.76 + Math.abs(x - 0.5) * 0.06;
  const inBook = x > 0.16 && x < 0.84 && y > top && y < bottom && Math.abs(x - 0.5) > 0.025;
  if (!inBook) return TILE;
  // text lines on the pages
  const line = ((y - top) / (bottom - top)) * 6;
  const onLine = line > 0.8 && line < 5.4 && line % 1 > 0.55 && Math.abs(x - 0.5) > 0.08 && x > 0.22 && x < 0.78;
  return onLine ? LINE : PAGE;
}
for (const size of [16, 32, 48, 96, 128]) writeFileSync(`public/icon/${size}.png`, png(size, pixel));
console.log('icons written to public/icon/');
