import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { OptionsApi } from '../../lib/options/api';
import {
  correctionCountText,
  correctionLabel,
  withoutCorrection,
  type CorrectionGroup,
} from '../../lib/options/corrections';
import { Switch } from '../shared/Switch';
import type { SettingsProps } from './ReadingSection';
import { t } from '../../lib/i18n';
import { keyName } from '../../lib/reader/keyboard';

type State = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; groups: CorrectionGroup[] };

/** Author's notes: shown or hidden by default, and the reader's corrections of the detector, each undoable. */
export function NotesSection({ api, settings, update }: SettingsProps & { api: OptionsApi }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    api.corrections.list().then(
      (groups) => setState({ kind: 'ready', groups }),
      () => setState({ kind: 'failed' }),
    );
  }, [api]);
  useEffect(load, [load]);

  const undo = async (g: CorrectionGroup, fingerprint: string, n: number) => {
    setBusy(fingerprint);
    setError(null);
    try {
      await api.corrections.undo(g.storyKey, fingerprint);
      setState((cur) => (cur.kind === 'ready' ? { kind: 'ready', groups: withoutCorrection(cur.groups, g.storyKey, fingerprint) } : cur));
      setStatus(t('correctionUndone', [n, g.title]));
      // The button is gone: keep the keyboard in the section.
      heading.current?.focus();
    } catch {
      setError(t('undoFailed'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="lib-section" id="notes" aria-labelledby="opt-notes-h">
      <h2 id="opt-notes-h" ref={heading} tabIndex={-1}>
        {t('authorsNotes')}
      </h2>
      <div class="lib-settings">
        <Switch
          label={t('notesByDefault')}
          description={t('notesByDefaultHint', keyName(settings?.keys?.['toggle-notes'] ?? 'n'))}
          checked={Boolean(settings?.showNotes)}
          stateText={[t('shown'), t('hidden')]}
          disabled={!settings}
          onChange={(showNotes) => update({ showNotes })}
          testId="show-notes-default"
        />
      </div>
      <h3 class="opt-subheading">{t('yourCorrections')}</h3>
      <p class="lib-muted">{t('correctionsIntro', [t('markStory'), t('markNote')])}</p>
      {state.kind === 'loading' && <p class="lib-muted">{t('loadingCorrections')}</p>}
      {state.kind === 'failed' && (
        <p class="lib-error" role="alert">
          {t('correctionsFailed')}
        </p>
      )}
      {state.kind === 'ready' && (
        <>
          <p data-testid="corrections-count">{correctionCountText(state.groups)}</p>
          {state.groups.length > 0 && (
            <ul class="opt-corrections" data-testid="corrections">
              {state.groups.map((g) => (
                <li key={g.storyKey} data-story-key={g.storyKey}>
                  <h4 class="opt-story">
                    {g.title} <span class="lib-muted">· {api.siteName(g.site)}</span>
                  </h4>
                  <ul class="opt-correction-list">
                    {g.items.map((item, i) => (
                      <li key={item.fingerprint} class="opt-correction" data-testid="correction" data-fingerprint={item.fingerprint}>
                        <span>{correctionLabel(item, i + 1)}</span>
                        <button
                          type="button"
                          class="lib-button"
                          data-testid="undo-correction"
                          aria-label={t('undoCorrectionOf', [i + 1, g.title])}
                          disabled={busy === item.fingerprint}
                          onClick={() => void undo(g, item.fingerprint, i + 1)}
                        >
                          {t('undo')}
                        </button>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p role="status" class="lib-muted" data-testid="corrections-status">
        {status}
      </p>
      {error && (
        <p role="alert" class="lib-error">
          {error}
        </p>
      )}
    </section>
  );
}
