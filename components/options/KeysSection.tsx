import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../../lib/i18n';
import { assignKey, DEFAULT_KEYS, KEY_ACTIONS, keyName, type KeyAction } from '../../lib/reader/keyboard';
import type { SettingsProps } from './ReadingSection';

const ACTION_LABELS: Record<KeyAction, MessageKey> = {
  prev: 'cmdPrevChapter',
  next: 'cmdNextChapter',
  'toggle-notes': 'cmdToggleNotes',
  exit: 'backToSitePage',
};
export const keyActionLabel = (a: KeyAction): string => t(ACTION_LABELS[a]);

/**
 * The reader view's own keys (previous / next chapter, notes, back to the site): each can be
 * changed by pressing the new key; reserved keys and keys another action has are refused with a
 * clear message; one button puts the defaults back. Saved with the reader settings, so every open
 * reader view uses them at once.
 */
export function KeysSection({ settings, update }: SettingsProps) {
  const [capturing, setCapturing] = useState<KeyAction | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const keys = settings?.keys ?? DEFAULT_KEYS;

  const onKeyDown = (action: KeyAction, e: KeyboardEvent) => {
    if (capturing !== action) return;
    // Tab leaves the button as usual (and gives up the change).
    if (e.key === 'Tab') {
      setCapturing(null);
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (e.ctrlKey || e.altKey || e.metaKey) {
      setMessage({ text: t('keyModifiers'), error: true });
      return;
    }
    const res = assignKey(keys, action, e.key);
    if (!res.ok) {
      const shown = e.key === ' ' ? t('keySpace') : keyName(e.key);
      setMessage({
        text: res.reason === 'reserved' ? t('keyReserved', shown) : t('keyConflict', [shown, keyActionLabel(res.other)]),
        error: true,
      });
      return;
    }
    setCapturing(null);
    update({ keys: res.keys });
    setMessage({ text: t('keySet', [keyActionLabel(action), keyName(res.keys[action])]), error: false });
  };

  return (
    <section class="lib-section" id="keys" aria-labelledby="opt-keys-h">
      <h2 id="opt-keys-h">{t('keysHeading')}</h2>
      <p class="lib-muted">{t('keysIntro')}</p>
      {!settings ? (
        <p class="lib-muted">{t('loadingSettings')}</p>
      ) : (
        <>
          <dl class="opt-keys" data-testid="keys">
            {KEY_ACTIONS.map((a) => (
              <div key={a} class="opt-key-row">
                <dt id={`opt-key-${a}`}>{keyActionLabel(a)}</dt>
                <dd>
                  <kbd data-testid={`key-${a}`}>{keyName(keys[a])}</kbd>
                  <button
                    type="button"
                    class="lib-button"
                    data-testid={`key-change-${a}`}
                    data-capturing={capturing === a ? 'true' : undefined}
                    aria-describedby={`opt-key-${a}`}
                    onClick={() => {
                      setMessage(capturing === a ? null : { text: t('keyPress', keyActionLabel(a)), error: false });
                      setCapturing(capturing === a ? null : a);
                    }}
                    onKeyDown={(e) => onKeyDown(a, e)}
                    onBlur={() => capturing === a && setCapturing(null)}
                  >
                    {capturing === a ? t('keyPressNow') : t('keyChange')}
                  </button>
                </dd>
              </div>
            ))}
          </dl>
          <button
            type="button"
            class="lib-button"
            data-testid="keys-reset"
            onClick={() => {
              setCapturing(null);
              update({ keys: { ...DEFAULT_KEYS } });
              setMessage({ text: t('keysResetDone'), error: false });
            }}
          >
            {t('keysReset')}
          </button>
          <p class="lib-muted">{t('keysBrowserShortcuts')}</p>
        </>
      )}
      <p role={message?.error ? 'alert' : 'status'} class={message?.error ? 'lib-error' : 'lib-muted'} data-testid="keys-message">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
