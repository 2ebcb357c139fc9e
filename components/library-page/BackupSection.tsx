import { useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import { BackupError, backupFileSizeError, backupText, type BackupFile } from '../../lib/library/backup';
import type { BackupReport } from '../../lib/protocol/messages';
import { backupFilename, importDoneText, reportSummary } from '../../lib/library-page/format';
import { SegmentedControl } from '../shared/SegmentedControl';
import { percent, t, tn } from '../../lib/i18n';

type Mode = 'merge' | 'replace';

const modeOptions = () =>
  [
    { value: 'merge', label: t('importMerge') },
    { value: 'replace', label: t('importReplace') },
  ] as const;

export interface BackupSectionProps {
  api: LibraryApi;
  /** Called after a successful import so the list reloads. */
  onImported(): void;
}

/** The chosen file: checked here (api.backup) or its text for the background. */
type Pending = { file: BackupFile | string; fileName: string; report: BackupReport | null };

/** A long step under way: what it is, and how far. */
type Step = { label: string; done: number; total: number };

/** Reports at most one progress change per percent, so a long step does not redraw thousands of times. */
function progressTo(set: (s: Step | null) => void, label: string) {
  let shown = -1;
  return (done: number, total: number) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    if (pct === shown) return;
    shown = pct;
    set({ label, done, total });
  };
}

/** Export the library (a compressed file); import a backup after previewing what it changes. */
export function BackupSection({ api, onImported }: BackupSectionProps) {
  const [mode, setMode] = useState<Mode>('merge');
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  // The mode when a long check ends (the reader may switch it while the file is checked).
  const modeNow = useRef<Mode>(mode);
  modeNow.current = mode;

  const exportLibrary = async () => {
    setError(null);
    setBusy(true);
    try {
      let res: { stories: number; chapters: number };
      if (api.backup) {
        const out = await api.backup.export(api.now(), progressTo(setStep, t('stepExporting')));
        api.download(backupFilename(api.now(), 'json.gz'), new Blob([out.data as Uint8Array<ArrayBuffer>]), 'application/gzip');
        res = out;
      } else {
        const out = await api.sendToBackground('backup/export', {});
        api.download(backupFilename(api.now()), out.json);
        res = out;
      }
      setStatus(t('exported', [tn('storyCount', res.stories), tn('chapterCount', res.chapters)]));
    } catch {
      setError(t('exportFailed'));
    } finally {
      setBusy(false);
      setStep(null);
    }
  };

  const refuse = (message: string) => {
    setPending(null);
    const m = message.trim().replace(/[.!]?$/, '.');
    setError(/nothing (was|has been) changed/i.test(m) || m.includes(t('nothingChanged')) ? m : `${m} ${t('nothingChanged')}`);
  };

  const preview = async (file: BackupFile | string, fileName: string, m: Mode, mine = ++seq.current) => {
    setError(null);
    setStatus('');
    setPending({ file, fileName, report: null });
    try {
      const report = api.backup
        ? await api.backup.preview(file, m)
        : await api.sendToBackground('backup/preview', { json: file as string, mode: m });
      if (mine !== seq.current) return;
      if (!report || !report.ok) refuse(report?.error?.trim() || t('notABackup'));
      else setPending({ file, fileName, report });
    } catch (e) {
      if (mine === seq.current) refuse(e instanceof Error && e.message ? t('cantImport', e.message) : t('cantReadFile'));
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
    const mine = ++seq.current;
    setError(null);
    setStatus('');
    setPending({ file: '', fileName: file.name, report: null });
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      refuse(t('cantReadFile'));
      return;
    } finally {
      // Choosing the same file again must fire another change.
      el.value = '';
    }
    // Unpacked and checked here, in chunks (the page stays responsive); the checked file is
    // previewed and imported without being read again.
    let checked: BackupFile | string;
    try {
      checked = api.backup ? await api.backup.read(bytes, progressTo(setStep, t('stepChecking', file.name))) : await backupText(bytes);
    } catch (e) {
      if (mine === seq.current) refuse(e instanceof BackupError ? e.message : t('cantReadFile'));
      return;
    } finally {
      setStep(null);
    }
    if (mine !== seq.current) return;
    await preview(checked, file.name, modeNow.current, mine);
  };

  const changeMode = (m: Mode) => {
    setMode(m);
    if (pending?.report) void preview(pending.file, pending.fileName, m);
  };

  const confirm = async () => {
    if (!pending?.report) return;
    const { file } = pending;
    setBusy(true);
    try {
      const report = api.backup
        ? await api.backup.import(file, mode, progressTo(setStep, t('stepImporting')))
        : await api.sendToBackground('backup/import', { json: file as string, mode });
      if (!report || !report.ok) {
        refuse(report?.error?.trim() || t('importRefused'));
        return;
      }
      // Imported here, not by the background: it redraws the badge and reschedules update checks.
      if (api.backup) api.sendToBackground('backup/imported', {}).catch(() => undefined);
      setPending(null);
      setStatus(importDoneText(report));
      onImported();
    } catch {
      refuse(t('importFailed'));
    } finally {
      setBusy(false);
      setStep(null);
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
      <h2 id="lib-backup-h">{t('backupHeading')}</h2>
      <p class="lib-muted">{t('backupIntro')}</p>
      <div class="lib-backup-row">
        <button type="button" class="lib-button" data-testid="export-button" disabled={busy} onClick={exportLibrary}>
          {t('exportLibrary')}
        </button>
      </div>
      <div class="lib-import">
        <SegmentedControl legend={t('whenImporting')} value={mode} options={modeOptions()} onChange={changeMode} testIdPrefix="import-mode-" />
        <p class="lib-muted lib-mode-hint">
          {mode === 'merge' ? t('mergeHint') : t('replaceHint')}
        </p>
        <label class="lib-button lib-file">
          <span>{t('importButton')}</span>
          <input
            ref={input}
            type="file"
            accept="application/gzip,application/json,.gz,.json"
            class="lib-file-input"
            data-testid="import-input"
            onChange={onFile}
          />
        </label>
      </div>
      {step && (
        <div class="lib-progress" data-testid="backup-progress" role="status">
          <progress max={step.total || 1} value={step.done} aria-label={step.label} />
          <span class="lib-muted">
            {t('stepProgress', [step.label, percent(step.total > 0 ? step.done / step.total : 0)])}
          </span>
        </div>
      )}
      {pending && !report && !step && (
        <p class="lib-muted" role="status">
          {t('readingFile', pending.fileName)}
        </p>
      )}
      {pending && report && (
        <div class="lib-preview" role="group" aria-labelledby="lib-preview-text">
          <p id="lib-preview-text" data-testid="import-preview" role="status">
            {t(mode === 'merge' ? 'importPreviewMerge' : 'importPreviewReplace', [pending.fileName, reportSummary(report)])}
          </p>
          {mode === 'replace' && report.removed > 0 && (
            <p class="lib-warn">{tn('willBeRemoved', report.removed)}</p>
          )}
          <div class="lib-preview-actions">
            <button type="button" class="lib-button is-primary" data-testid="import-confirm" disabled={busy} onClick={confirm}>
              {t('confirmImport')}
            </button>
            <button type="button" class="lib-button" data-testid="import-cancel" onClick={cancel}>
              {t('cancel')}
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
