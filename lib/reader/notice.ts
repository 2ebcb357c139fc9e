/**
 * Shows the quiet "couldn't read this page" notice in its own shadow host, drawn by the ReaderUi
 * (components/reader/Notice.tsx); it fades out by itself.
 */
import { createShadowHost } from './host';
import { realTimers, type Timers } from './position';
import type { ReaderUi } from './view';
import { t } from '../i18n';

export const layoutNotice = () => t('layoutNotice');

export interface NoticeHandle {
  dismiss(): void;
  readonly host: HTMLElement;
}

export function showNotice(
  ui: ReaderUi,
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
    ui.drawNotice(sh.mount, null);
    sh.remove();
  };
  const draw = (fading: boolean) => ui.drawNotice(sh.mount, { message, fading, onDismiss: dismiss });
  draw(false);
  fadeTimer = timers.setTimeout(() => {
    fadeTimer = null;
    if (gone) return;
    draw(true);
    removeTimer = timers.setTimeout(dismiss, fadeMs);
  }, visibleMs);
  return { dismiss, host: sh.host };
}
