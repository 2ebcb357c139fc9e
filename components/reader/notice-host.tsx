/** Shows the quiet "couldn't read this page" notice in its own shadow host; it fades out by itself. */
import { render } from 'preact';
import { createShadowHost } from '../../lib/reader/host';
import { realTimers, type Timers } from '../../lib/reader/position';
import { Notice } from './Notice';
import { t } from '../../lib/i18n';

export const layoutNotice = () => t('layoutNotice');

export interface NoticeHandle {
  dismiss(): void;
  readonly host: HTMLElement;
}

export function showNotice(
  doc: Document,
  message: string,
  { visibleMs = 8000, fadeMs = 700, timers = realTimers }: { visibleMs?: number; fadeMs?: number; timers?: Timers } = {},
): NoticeHandle {
  const sh = createShadowHost(doc, 'error');
  let gone = false;
  let fadeTimer: unknown = null;
  let removeTimer: unknown = null;
  const dismiss = () => {
    if (gone) return;
    gone = true;
    if (fadeTimer !== null) timers.clearTimeout(fadeTimer);
    if (removeTimer !== null) timers.clearTimeout(removeTimer);
    render(null, sh.mount);
    sh.remove();
  };
  const draw = (fading: boolean) => render(<Notice message={message} fading={fading} onDismiss={dismiss} />, sh.mount);
  draw(false);
  fadeTimer = timers.setTimeout(() => {
    fadeTimer = null;
    if (gone) return;
    draw(true);
    removeTimer = timers.setTimeout(dismiss, fadeMs);
  }, visibleMs);
  return { dismiss, host: sh.host };
}
