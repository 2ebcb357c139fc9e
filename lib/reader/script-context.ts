/**
 * The content-script context our content scripts get instead of WXT's (modules/site-scripts.ts
 * points `wxt/utils/content-script-context` here in their builds): WXT's class (2.6 KB minified
 * with its location watcher, logger and event helpers) offers timers, a location watcher and more
 * that the reader does not use. It keeps what the reader's content script relies on:
 *
 * - `isInvalid`: true once the extension was reloaded or removed (the runtime is gone) or a newer
 *   copy of the same script started in this page;
 * - `onInvalidated(cb)`: cb runs once, at that moment;
 * - a newer copy of the same script announces itself with an event on the document (as WXT does),
 *   which invalidates the older one, so an orphaned script never keeps its view and listeners.
 */
export class ContentScriptContext {
  readonly #abort = new AbortController();

  constructor(
    readonly contentScriptName: string,
    _options?: unknown,
    doc: Document = document,
    readonly runtime: () => { id?: string } | undefined = () => {
      const g = globalThis as { chrome?: { runtime?: { id?: string } }; browser?: { runtime?: { id?: string } } };
      return g.chrome?.runtime ?? g.browser?.runtime;
    },
  ) {
    const type = `calm-reader:started:${contentScriptName}`;
    const id = Math.random().toString(36).slice(2);
    const onNewer = (e: Event) => {
      if ((e as CustomEvent).detail !== id) this.#abort.abort();
    };
    doc.dispatchEvent(new CustomEvent(type, { detail: id }));
    doc.addEventListener(type, onNewer);
    this.onInvalidated(() => doc.removeEventListener(type, onNewer));
  }

  get isInvalid(): boolean {
    if (this.runtime()?.id == null) this.#abort.abort();
    return this.#abort.signal.aborted;
  }

  onInvalidated(cb: () => void): () => void {
    const signal = this.#abort.signal;
    signal.addEventListener('abort', cb);
    return () => signal.removeEventListener('abort', cb);
  }
}
