import { useEffect, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import type { UpdateSettings } from '../../lib/protocol/messages';
import { checkResultText, INTERVAL_MINUTES, intervalLabel } from '../../lib/library-page/format';
import { t } from '../../lib/i18n';
import { SelectField, type Option } from '../shared/SelectField';
import { Switch } from '../shared/Switch';

export interface UpdateSettingsSectionProps {
  api: LibraryApi;
  /** Called after "Check all now" so the list shows what was found. */
  onChecked(): void;
}

/** How often followed stories are checked, notifications, and "Check all now". */
export function UpdateSettingsSection({ api, onChecked }: UpdateSettingsSectionProps) {
  const [settings, setSettings] = useState<UpdateSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState('');

  useEffect(() => {
    let live = true;
    api.sendToBackground('updates/settings', {}).then(
      (s) => live && setSettings(s),
      () => live && setError(t('updateSettingsLoadFailed')),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const save = async (patch: Partial<UpdateSettings>) => {
    const before = settings;
    if (settings) setSettings({ ...settings, ...patch });
    setError(null);
    try {
      setSettings(await api.sendToBackground('updates/settings', { patch }));
    } catch {
      setSettings(before);
      setError(t('updateSettingsSaveFailed'));
    }
  };

  const setNotify = async (notify: boolean) => {
    if (notify && api.ensureNotifications && !(await api.ensureNotifications().catch(() => false))) {
      setError(t('notificationsRefused'));
      return;
    }
    await save({ notify });
  };

  const checkAll = async () => {
    setChecking(true);
    setResult(t('checkingFollowed'));
    try {
      const res = await api.sendToBackground('updates/check-now', {});
      setResult(checkResultText(res ?? { checked: 0, newChapters: 0 }));
      onChecked();
    } catch {
      setResult('');
      setError(t('checkFailed'));
    } finally {
      setChecking(false);
    }
  };

  const minutes = settings?.intervalMinutes ?? 0;
  const options: Option<string>[] = INTERVAL_MINUTES.map((m) => ({ value: String(m), label: intervalLabel(m) }));
  if (settings && !INTERVAL_MINUTES.includes(minutes)) {
    options.push({ value: String(minutes), label: intervalLabel(minutes) });
  }

  return (
    <section class="lib-section" id="updates" aria-labelledby="lib-updates-h">
      <h2 id="lib-updates-h">{t('newChaptersHeading')}</h2>
      <p class="lib-muted">{t('updatesIntro')}</p>
      <div class="lib-settings" aria-busy={settings ? undefined : 'true'}>
        <SelectField
          label={t('checkForNewChapters')}
          value={String(minutes)}
          options={options}
          onChange={(v) => void save({ intervalMinutes: Number(v) })}
          testId="update-interval"
        />
        <Switch
          label={t('notifyLabel')}
          description={t('notifyHint')}
          checked={Boolean(settings?.notify)}
          disabled={!settings}
          onChange={(v) => void setNotify(v)}
          testId="notify-toggle"
        />
        <div class="lib-check-all">
          <button type="button" class="lib-button" data-testid="check-all" disabled={checking} onClick={checkAll}>
            {checking ? t('checking') : t('checkAllNow')}
          </button>
          <p role="status" class="lib-muted" data-testid="check-all-result">
            {result}
          </p>
        </div>
      </div>
      {error && (
        <p role="alert" class="lib-error" data-testid="updates-error">
          {error}
        </p>
      )}
    </section>
  );
}
