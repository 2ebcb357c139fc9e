/**
 * WebDAV sync at scale against a real server (rclone serving a temporary folder on loopback,
 * scripts/webdav-server.ts), with fake-indexeddb libraries. For 100 / 1,000 / 10,000 stories:
 * the first sync (time, bytes sent), then one chapter read and a sync (bytes sent: only what
 * changed), and a sync with nothing new. At the largest size a second device's first sync (the
 * pull) too. Peer for the times: the same library phases without any network or encryption
 * (engine.mergeIntoLibrary on an identical library), so the ratio shows what the transport costs.
 */
import 'fake-indexeddb/auto';
import './site-globals';
import { withIndexKeys } from '../../lib/library/derived';
import { setsOf } from '../../lib/library/chapter-sets';
import { openLibrary, type LibraryDB } from '../../lib/library/schema';
import { recordVisit } from '../../lib/library/store';
import type { ChapterRecord, StoryRecord } from '../../lib/library/types';
import { mergeIntoLibrary } from '../../lib/sync/engine';
import { WebDavClient } from '../../lib/sync/webdav/client';
import { syncWebDav, type Keyring } from '../../lib/sync/webdav/transport';
import { startWebDavServer } from '../webdav-server';

export interface WebDavRow {
  stories: number;
  firstSyncMs: number;
  firstSyncBytes: number;
  /** Peer: the library phases alone on an identical library. */
  peerMs: number;
  shards: number;
  oneChapterBytes: number;
  oneChapterShards: number;
  oneChapterMs: number;
  idleBytes: number;
  /** Bytes received by the sync after one chapter and by the idle sync (shard files cached by name, as the worker does). */
  oneChapterReceived: number;
  idleReceived: number;
  /** Second device, empty library, first sync (pull); largest size only. */
  pullMs?: number;
  /** Stories the pull brought into the empty library. */
  pulled?: number;
}

export interface WebDavResult {
  rows: WebDavRow[];
  goalFirstSyncMs: number;
}

const NOW = Date.UTC(2026, 5, 1);
const TITLE_WORDS = ['Quiet', 'Harbour', 'Lights', 'of', 'the', 'Long', 'Road', 'Home', 'Cartographer', 'Winter', 'Stars'];

function seedRecords(n: number): { stories: StoryRecord[]; chapters: ChapterRecord[] } {
  const stories: StoryRecord[] = [];
  const chapters: ChapterRecord[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(10_000_000 + i);
    const key = `ao3:${id}`;
    const chapterId = String(50_000_000 + i);
    const t = NOW - (n - i) * 60_000;
    const title = Array.from({ length: 4 + (i % 4) }, (_, k) => TITLE_WORDS[(i * 7 + k * 3) % TITLE_WORDS.length]).join(' ');
    stories.push({
      key,
      site: 'ao3',
      storyId: id,
      title,
      author: 'someone',
      summary: null,
      url: `https://archiveofourown.org/works/${id}`,
      chapterCount: 20,
      words: 80_000,
      status: 'in-progress',
      tags: [],
      followed: i % 3 !== 0,
      readingStatus: i % 5 === 0 ? 'reading' : null,
      addedAt: t,
      lastReadAt: t,
      lastChapterId: chapterId,
      lastChapterIndex: i % 20,
      lastChapterUrl: `https://archiveofourown.org/works/${id}/chapters/${chapterId}`,
      lastChapterTitle: null,
    });
    chapters.push({
      key: `${key}#${chapterId}`,
      storyKey: key,
      chapterId,
      index: i % 20,
      title: null,
      url: `https://archiveofourown.org/works/${id}/chapters/${chapterId}`,
      firstReadAt: t,
      lastReadAt: t,
      position: { blockIndex: i % 200, offsetRatio: 0.25, updatedAt: t },
    });
  }
  return { stories, chapters };
}

async function seeded(name: string, n: number): Promise<LibraryDB> {
  const db = await openLibrary(`calm-reader-bench-webdav-${name}-${n}-${Date.now()}`);
  const { stories, chapters } = seedRecords(n);
  const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
  for (const s of stories) void tx.objectStore('stories').put(withIndexKeys(s));
  for (const set of setsOf(chapters)) void tx.objectStore('chapterSets').put(set);
  await tx.done;
  return db;
}

export async function benchWebDav(log: (s: string) => void, sizes = [100, 1_000, 10_000]): Promise<WebDavResult> {
  const server = await startWebDavServer();
  const rows: WebDavRow[] = [];
  try {
    for (const n of sizes) {
      const folder = `bench-${n}`;
      const cfg = { url: server.url, user: server.user, password: server.pass, folder };
      const db = await seeded('a', n);
      const client = new WebDavClient(cfg);
      // As the worker keeps them: decrypted shard texts by file name (files never change under a name).
      const cache = new Map<string, string>();
      let t = performance.now();
      const first = await syncWebDav(db, client, NOW, { passphrase: 'bench passphrase', cache });
      const firstSyncMs = performance.now() - t;
      const firstSyncBytes = client.bytesSent;
      const keyring: Keyring = first.keyring;

      const peerDb = await seeded('peer', n);
      t = performance.now();
      await mergeIntoLibrary(peerDb, new Map(), NOW);
      const peerMs = performance.now() - t;
      peerDb.close();

      // One chapter read (a story in the middle of the library), then a sync.
      const mid = 10_000_000 + Math.floor(n / 2);
      await recordVisit(
        db,
        {
          site: 'ao3',
          storyId: String(mid),
          title: 'x',
          author: null,
          summary: null,
          storyUrl: `https://archiveofourown.org/works/${mid}`,
          chapterCount: 20,
          words: 80_000,
          status: 'in-progress',
          tags: [],
          chapterId: '999',
          chapterIndex: 19,
          chapterTitle: 'Chapter 20',
          url: `https://archiveofourown.org/works/${mid}/chapters/999`,
        },
        NOW + 60_000,
      );
      let sent = client.bytesSent;
      let received = client.bytesReceived;
      t = performance.now();
      const one = await syncWebDav(db, client, NOW + 120_000, { keyring, cache });
      const oneChapterMs = performance.now() - t;
      const oneChapterBytes = client.bytesSent - sent;
      const oneChapterReceived = client.bytesReceived - received;
      sent = client.bytesSent;
      received = client.bytesReceived;
      await syncWebDav(db, client, NOW + 180_000, { keyring, cache });
      const idleBytes = client.bytesSent - sent;
      const idleReceived = client.bytesReceived - received;

      const row: WebDavRow = {
        stories: n,
        firstSyncMs,
        firstSyncBytes,
        peerMs,
        shards: one.shardsWritten === 0 ? 0 : first.shardsWritten,
        oneChapterBytes,
        oneChapterShards: one.shardsWritten,
        oneChapterMs,
        idleBytes,
        oneChapterReceived,
        idleReceived,
      };
      row.shards = first.shardsWritten;
      if (n === sizes[sizes.length - 1]) {
        const b = await openLibrary(`calm-reader-bench-webdav-b-${n}-${Date.now()}`);
        t = performance.now();
        const pulled = await syncWebDav(b, new WebDavClient(cfg), NOW + 240_000, { keyring });
        row.pullMs = performance.now() - t;
        row.pulled = pulled.applied.length;
        b.close();
      }
      db.close();
      rows.push(row);
      log(
        `webdav ${n}: first sync ${Math.round(firstSyncMs)} ms (${firstSyncBytes} B, ${row.shards} shards; peer ${Math.round(peerMs)} ms), ` +
          `one chapter ${oneChapterBytes} B in ${one.shardsWritten} shard(s), idle ${idleBytes} B (received: ${oneChapterReceived} B / ${idleReceived} B)${row.pullMs ? `, pull of ${row.pulled} stories ${Math.round(row.pullMs)} ms` : ''}`,
      );
    }
  } finally {
    await server.stop();
  }
  return { rows, goalFirstSyncMs: 60_000 };
}
