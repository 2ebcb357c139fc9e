/** The library page's backup with the page's own IndexedDB access: progress bars, the compressed file (#25). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Library } from '../../../components/library-page/Library';
import { createLocalBackup, type LocalBackup } from '../../../lib/library-page/api';
import { openLibrary } from '../../../lib/library/schema';
import { listStories, recordVisit } from '../../../lib/library/store';
import type { Progress } from '../../../lib/library/backup';
import { freshName, visit } from '../library/helpers';
import { flush, makeApi, story } from './fixtures';

let container: HTMLDivElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);

/** A LocalBackup whose steps stop half-way (progress reported) until `go()` is called. */
function gated(real: LocalBackup) {
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  const halfway = async (p?: Progress) => {
    p?.(50, 100);
    await gate;
  };
  const backup: LocalBackup = {
    export: async (now, p) => (await halfway(p), real.export(now, p)),
    read: async (bytes, p) => (await halfway(p), real.read(bytes, p)),
    preview: (f, m) => real.preview(f, m),
    import: async (f, m, p) => (await halfway(p), real.import(f, m, p)),
  };
  return {
    backup,
    go: () => {
      open();
      gate = new Promise<void>((r) => (open = r));
    },
  };
}

async function mount(backup: LocalBackup) {
  const fake = makeApi([story({ storyId: '1', title: 'Kept' })]);
  fake.api.backup = backup;
  const blobs: { filename: string; data: Blob | string }[] = [];
  fake.api.download = (filename, data) => void blobs.push({ filename, data });
  await act(() => {
    render(<Library api={fake.api} root={document.createElement('div')} />, container);
  });
  await flush();
  return { fake, blobs };
}

/** Lets the page's work run until `cond` holds (state, not time: fails after 10 s). */
const until = async (cond: () => unknown) => {
  const end = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${cond.toString()}`);
    await act(() => new Promise((r) => setTimeout(r, 5)));
  }
};

describe('backup in the page', () => {
  it('shows progress while exporting, then downloads a .json.gz that imports back with progress', async () => {
    const source = freshName('ui-src');
    const db = await openLibrary(source);
    await recordVisit(db, visit({ storyId: 'a' }), 1000);
    await recordVisit(db, visit({ storyId: 'b' }), 2000);
    db.close();
    const exporting = gated(createLocalBackup(() => openLibrary(source)));
    const { blobs } = await mount(exporting.backup);
    await act(() => $('export-button')!.click());
    await until(() => $('backup-progress'));
    const bar = $('backup-progress')!;
    expect(bar.textContent).toMatch(/Exporting… 50%/);
    expect(bar.querySelector('progress')!.getAttribute('value')).toBe('50');
    exporting.go();
    await until(() => blobs.length);
    expect($('backup-progress')).toBeNull();
    expect($('backup-status')!.textContent).toBe('Exported 2 stories and 2 chapters.');
    expect(blobs).toHaveLength(1);
    expect(blobs[0].filename).toMatch(/^calm-reader-backup-\d{4}-\d\d-\d\d\.json\.gz$/);
    const bytes = new Uint8Array(await (blobs[0].data as Blob).arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);

    // Import it into another library: checking, then writing, each with its bar.
    const target = freshName('ui-dst');
    render(null, container);
    const importing = gated(createLocalBackup(() => openLibrary(target)));
    await mount(importing.backup);
    const input = $('import-input') as HTMLInputElement;
    const file = new File([bytes], 'calm-reader-backup.json.gz', { type: 'application/gzip' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(() => $('backup-progress'));
    expect($('backup-progress')!.textContent).toMatch(/Checking calm-reader-backup\.json\.gz… 50%/);
    importing.go();
    await until(() => $('import-preview'));
    expect($('import-preview')!.textContent).toMatch(/2 stories added/);
    await act(() => $('import-confirm')!.click());
    await until(() => $('backup-progress'));
    expect($('backup-progress')!.textContent).toMatch(/Importing… 50%/);
    importing.go();
    await until(() => !$('import-confirm'));
    expect($('backup-progress')).toBeNull();
    expect($('backup-status')!.textContent).toMatch(/Import finished: 2 stories added/);
    const check = await openLibrary(target);
    expect((await listStories(check)).map((s) => s.key).sort()).toEqual(['ao3:a', 'ao3:b']);
    check.close();
  });

  it('refuses a damaged compressed file before any preview, and says why', async () => {
    await mount(createLocalBackup(() => openLibrary(freshName('ui-bad'))));
    const input = $('import-input') as HTMLInputElement;
    const file = new File([new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3])], 'bad.json.gz');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await until(() => $('import-error'));
    expect($('import-error')!.textContent).toMatch(/damaged or incomplete.*Nothing was changed/);
    expect($('import-preview')).toBeNull();
    expect($('backup-progress')).toBeNull();
  });
});
