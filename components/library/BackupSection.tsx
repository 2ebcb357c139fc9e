import { useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-view/api';
import { backupFileSizeError } from '../../lib/library/backup';
import type { BackupReport } from '../../lib/messages';
import { backupFilename, importDoneText, plural, reportSummary } from '../../lib/library-view/format';
import { SegmentedControl } from '../shared/SegmentedControl';

type Mode = 'merge' | 'replace';

const MODE_OPTIONS = [
  { value: 'merge', label: 'Merge' },
  { value: 'replace', label: 'Replace' },
] as const;

export interface BackupSectionProps {
  api: LibraryApi;
  /** Called after a successful import so the list reloads. */
  onImported(): void;
}

type Pending = { json: string; fileName: string; report: BackupReport | null };

/** Export the library as JSON; import a backup after previewing what it changes. */
export function BackupSection({ api, onImported }: BackupSectionProps) {
  const [mode, setMode] = useState<Mode>('merge');
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  const exportLibrary = async () => {
    setError(null);
    setBusy(true);
    try {
      const res = api.backup ? await api.backup.export(api.now()) : await api.sendToBackground('backup/export', {});
      api.download(backupFilename(api.now()), res.json);
      setStatus(`Exported ${plural(res.stories, 'story', 'stories')} and ${plural(res.chapters, 'chapter', 'chapters')}.`);
    } catch {
      setError("Couldn't export the library.");
    } finally {
      setBusy(false);
    }
  };

  const refuse = (message: string) => {
    setPending(null);
    const m = message.trim().replace(/[.!]?$/, '.');
    setError(/nothing (was|has been) changed/i.test(m) ? m : `${m} Nothing was changed.`);
  };

  const preview = async (json: string, fileName: string, m: Mode) => {
    const mine = ++seq.current;
    setError(null);
    setStatus('');
    setPending({ json, fileName, report: null });
    try {
      const report = api.backup
        ? await api.backup.preview(json, m)
        : await api.sendToBackground('backup/preview', { json, mode: m });
      if (mine !== seq.current) return;
      if (!report || !report.ok) refuse(report?.error?.trim() || 'This file is not a Calm Reader backup.');
      else setPending({ json, fileName, report });
    } catch (e) {
      if (mine === seq.current) refuse(e instanceof Error && e.message ? `This file can't be imported: ${e.message}` : 'This file could not be read.');
    }
  };

  const onFile = async (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    const file = el.files?.[0];
    if (!file) return;
    // Refused by its size before it is read: a huge file would be read whole and parsed twice.
    const tooLarge = backupFileSizeError(file.size);
    if (tooLarge) {
      el.value = '';
      seq.current++;
      setStatus('');
      refuse(tooLarge);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      refuse('This file could not be read.');
      return;
    } finally {
      // Choosing the same file again must fire another change.
      el.value = '';
    }
    await preview(text, file.name, mode);
  };

  const changeMode = (m: Mode) => {
    setMode(m);
    if (pending) void preview(pending.json, pending.fileName, m);
  };

  const confirm = async () => {
    if (!pending?.report) return;
    const { json } = pending;
    setBusy(true);
    try {
      const report = api.backup
        ? await api.backup.import(json, mode)
        : await api.sendToBackground('backup/import', { json, mode });
      if (!report || !report.ok) {
        refuse(report?.error?.trim() || 'The import was refused.');
        return;
      }
      // Imported here, not by the background: it redraws the badge and reschedules update checks.
      if (api.backup) api.sendToBackground('backup/imported', {}).catch(() => undefined);
      setPending(null);
      setStatus(importDoneText(report));
      onImported();
    } catch {
      refuse('The import failed.');
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    seq.current++;
    setPending(null);
    input.current?.focus();
  };

  const report = pending?.report;
  return (
    <section class="lib-section" id="backup" aria-labelledby="lib-backup-h">
      <h2 id="lib-backup-h">Backup</h2>
      <p class="lib-muted">Your library lives only in this browser. Export it to keep a copy or move it to another browser.</p>
      <div class="lib-backup-row">
        <button type="button" class="lib-button" data-testid="export-button" disabled={busy} onClick={exportLibrary}>
          Export library
        </button>
      </div>
      <div class="lib-import">
        <SegmentedControl legend="When importing" value={mode} options={MODE_OPTIONS} onChange={changeMode} testIdPrefix="import-mode-" />
        <p class="lib-muted lib-mode-hint">
          {mode === 'merge'
            ? 'Merge adds the backup’s stories to your library and updates the ones you already have.'
            : 'Replace makes your library exactly the backup: stories not in it are removed.'}
        </p>
        <label class="lib-button lib-file">
          <span>Import…</span>
          <input
            ref={input}
            type="file"
            accept="application/json,.json"
            class="lib-file-input"
            data-testid="import-input"
            onChange={onFile}
          />
        </label>
      </div>
      {pending && !report && (
        <p class="lib-muted" role="status">
          Reading {pending.fileName}…
        </p>
      )}
      {pending && report && (
        <div class="lib-preview" role="group" aria-labelledby="lib-preview-text">
          <p id="lib-preview-text" data-testid="import-preview" role="status">
            Importing {pending.fileName} ({mode}) would change your library: {reportSummary(report)}.
          </p>
          {mode === 'replace' && report.removed > 0 && (
            <p class="lib-warn">{plural(report.removed, 'story', 'stories')} not in the backup will be removed.</p>
          )}
          <div class="lib-preview-actions">
            <button type="button" class="lib-button is-primary" data-testid="import-confirm" disabled={busy} onClick={confirm}>
              Confirm import
            </button>
            <button type="button" class="lib-button" data-testid="import-cancel" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <div role="alert" class="lib-alert-slot">
        {error && (
          <p class="lib-error" data-testid="import-error">
            {error}
          </p>
        )}
      </div>
      <p role="status" class="lib-muted" data-testid="backup-status">
        {status}
      </p>
    </section>
  );
}
