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
      setStatus(`Correction ${n} of “${g.title}” undone: the detector decides that passage again.`);
      // The button is gone: keep the keyboard in the section.
      heading.current?.focus();
    } catch {
      setError("Couldn't undo the correction.");
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="lib-section" id="notes" aria-labelledby="opt-notes-h">
      <h2 id="opt-notes-h" ref={heading} tabIndex={-1}>
        Author's notes
      </h2>
      <div class="lib-settings">
        <Switch
          label="Author's notes by default"
          description="Notes are tucked into “Author's note” disclosures; N in the reader view switches."
          checked={Boolean(settings?.showNotes)}
          stateText={['Shown', 'Hidden']}
          disabled={!settings}
          onChange={(showNotes) => update({ showNotes })}
          testId="show-notes-default"
        />
      </div>
      <h3 class="opt-subheading">Your corrections</h3>
      <p class="lib-muted">
        When you mark a passage in the reader view as “This is story” or “This is an author's note”, the correction holds
        for every chapter of that story. Undo one to let the detector decide again.
      </p>
      {state.kind === 'loading' && <p class="lib-muted">Loading your corrections…</p>}
      {state.kind === 'failed' && (
        <p class="lib-error" role="alert">
          Couldn't read your corrections.
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
                          aria-label={`Undo correction ${i + 1} of “${g.title}”`}
                          disabled={busy === item.fingerprint}
                          onClick={() => void undo(g, item.fingerprint, i + 1)}
                        >
                          Undo
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
