import type { PopupApi } from '../../lib/popup/api';
import { chapterLabel, diagnosticText, errorText, noteCountText, openGenericHint, unsupportedMessage } from '../../lib/popup/format';
import { t } from '../../lib/i18n';
import { useState } from 'preact/hooks';
import { Switch } from '../shared/Switch';
import { useFollow, useTabView, type ChapterStatus } from './hooks';

/** What the active tab is, and what can be done there. */
export function TabPanel({ api }: { api: PopupApi }) {
  const { view, setReader, toggleNotes, openGeneric, generic } = useTabView(api);

  return (
    <section class="cr-panel cr-tab" aria-labelledby="cr-tab-heading" aria-busy={view.kind === 'loading'} data-testid="popup-status" data-state={view.kind === 'chapter' ? view.status.state : view.kind}>
      <h2 id="cr-tab-heading" class="cr-visually-hidden">
        {t('thisPage')}
      </h2>
      {view.kind === 'loading' && <p class="cr-muted">{t('checkingPage')}</p>}
      {view.kind === 'unsupported' && (
        <p class="cr-message" data-testid="unsupported-message">
          {unsupportedMessage()}
        </p>
      )}
      {view.kind === 'unsupported' && view.tabId != null && (
        <div class="cr-generic">
          <p class="cr-hint" id="cr-generic-hint">
            {openGenericHint()}
          </p>
          <button
            type="button"
            class="cr-button cr-button-primary"
            data-testid="open-generic"
            aria-describedby="cr-generic-hint"
            disabled={generic.busy}
            aria-busy={generic.busy}
            onClick={openGeneric}
          >
            {generic.busy ? t('opening') : t('openGeneric')}
          </button>
          {generic.error && (
            <p class="cr-hint" role="alert" data-testid="open-generic-error">
              {generic.error}
            </p>
          )}
        </div>
      )}
      {view.kind === 'error' && <ErrorView api={api} tabId={view.tabId} status={view.status} />}
      {view.kind === 'chapter' && (
        <ChapterView api={api} status={view.status} onReader={setReader} onToggleNotes={toggleNotes} />
      )}
    </section>
  );
}

function ErrorView({ api, tabId, status }: { api: PopupApi; tabId: number; status: Parameters<typeof errorText>[0] }) {
  const { headline, detail } = errorText(status);
  const continueUrl = status.continueUrl;
  return (
    <div class="cr-error" data-testid="error-message" data-kind={status.kind} role="status">
      <p class="cr-message">{headline}</p>
      {detail && <p class="cr-hint">{detail}</p>}
      {continueUrl && (
        <button
          type="button"
          class="cr-button cr-button-primary"
          data-testid="continue-to-work"
          onClick={async () => {
            await api.navigateTab(tabId, continueUrl);
            api.close();
          }}
        >
          {t('continueToWork')}
        </button>
      )}
      {status.kind === 'layout-changed' && <CopyDiagnostic status={status} />}
    </div>
  );
}

/** "Copy diagnostic": site, address, adapter version, the missing field and selector (no story text), to report. */
function CopyDiagnostic({ status }: { status: Parameters<typeof errorText>[0] }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const text = diagnosticText(status);
  return (
    <div class="cr-diagnostic">
      <button
        type="button"
        class="cr-button"
        data-testid="copy-diagnostic"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
      >
        {t('copyDiagnostic')}
      </button>
      <p class="cr-hint" role="status" data-testid="copy-diagnostic-state">
        {state === 'copied'
          ? t('diagnosticCopied')
          : state === 'failed'
            ? t('diagnosticCopyFailed')
            : t('diagnosticHint')}
      </p>
      {state === 'failed' && (
        <textarea class="cr-diagnostic-text" readOnly rows={6} data-testid="diagnostic-text" value={text} />
      )}
    </div>
  );
}

function ChapterView({
  api,
  status,
  onReader,
  onToggleNotes,
}: {
  api: PopupApi;
  status: ChapterStatus;
  onReader(on: boolean): void;
  onToggleNotes(): void;
}) {
  const follow = useFollow(api, status.storyKey);
  const readerOn = status.state === 'reader';
  return (
    <div class="cr-chapter">
      <div class="cr-story">
        <p class="cr-story-title" data-testid="story-title">
          {status.title}
        </p>
        {status.author && <p class="cr-story-author">{t('byAuthor', status.author)}</p>}
        <p class="cr-story-chapter" data-testid="chapter-label">
          {chapterLabel(status.chapterIndex, status.chapterCount, status.chapterTitle, status.whole === true)}
        </p>
      </div>
      <Switch label={t('readerView')} checked={readerOn} onChange={onReader} testId="reader-switch" />
      <Switch
        label={t('authorsNotes')}
        checked={status.notesShown}
        stateText={[t('shown'), t('hidden')]}
        description={readerOn ? noteCountText(status.noteCount) : t('notesNeedReader')}
        disabled={!readerOn}
        onChange={onToggleNotes}
        testId="notes-switch"
      />
      <button
        type="button"
        class={`cr-button cr-follow${follow.followed ? ' is-on' : ''}`}
        aria-pressed={follow.followed ?? false}
        disabled={follow.followed == null}
        data-testid="follow-button"
        onClick={follow.toggle}
      >
        <span aria-hidden="true">{follow.followed ? '★ ' : '☆ '}</span>
        {follow.followed ? t('following') : t('follow')}
      </button>
    </div>
  );
}
