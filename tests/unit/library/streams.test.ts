import { describe, expect, it } from 'vitest';
import { readCapped } from '../../../lib/library/streams';

function streamOf(chunks: number[][]) {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(new Uint8Array(next));
      else c.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { reader: stream.getReader(), cancelled: () => cancelled };
}

describe('readCapped', () => {
  it('joins the chunks in order', async () => {
    const { reader } = streamOf([[1, 2], [3], [], [4, 5]]);
    expect(Array.from((await readCapped(reader))!)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops at the cap: nothing kept, the stream cancelled', async () => {
    const s = streamOf([[1, 2, 3], [4, 5, 6], [7]]);
    expect(await readCapped(s.reader, 5)).toBeNull();
    expect(s.cancelled()).toBe(true);
    const exact = streamOf([[1, 2, 3], [4, 5]]);
    expect(Array.from((await readCapped(exact.reader, 5))!)).toEqual([1, 2, 3, 4, 5]);
  });
});
