/**
 * Reading a byte stream whole, with a cap: what a backup file, a WebDAV response and a
 * (de)compression step all need. Over the cap the stream is cancelled and nothing is kept, so a
 * hostile file or server cannot make us hold more than we allow.
 */

/** The bytes of `reader` joined; `null` (and the stream cancelled) once they pass `max`. A read error rejects. */
export async function readCapped(reader: ReadableStreamDefaultReader<Uint8Array>, max = Infinity): Promise<Uint8Array<ArrayBuffer> | null> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
