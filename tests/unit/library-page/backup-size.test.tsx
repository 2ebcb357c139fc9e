/** A huge backup file is refused by its size before it is read (#20 point 8). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Library } from '../../../components/library-page/Library';
import { MAX_BACKUP_FILE_BYTES, backupFileSizeError } from '../../../lib/library/backup';
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

async function choose(file: File) {
  const input = $('import-input') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

describe('backup file size', () => {
  it('refuses a file over the limit without reading it, and says why', async () => {
    const fake = makeApi([story({ storyId: '1', title: 'Kept' })]);
    await act(() => {
      render(<Library api={fake.api} root={document.createElement('div')} />, container);
    });
    await flush();
    const file = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: 300 * 1024 * 1024 });
    const read = vi.spyOn(file, 'text');
    const readBytes = vi.spyOn(file, 'arrayBuffer');
    await choose(file);
    expect(read).not.toHaveBeenCalled();
    expect(readBytes).not.toHaveBeenCalled();
    expect($('import-error')?.textContent).toBe(backupFileSizeError(300 * 1024 * 1024));
    expect($('import-error')?.textContent).toMatch(/300 MB.*at most 256 MB.*Nothing was changed/);
    expect($('import-preview')).toBeNull();
  });

  it('reads a file within the limit', async () => {
    expect(backupFileSizeError(MAX_BACKUP_FILE_BYTES)).toBeNull();
    expect(backupFileSizeError(109 * 1024 * 1024)).toBeNull();
    expect(backupFileSizeError(MAX_BACKUP_FILE_BYTES + 1)).not.toBeNull();
  });
});
