/**
 * The reader view's on-demand parts (components/reader/parts.ts) as components that render nothing
 * until their code is there, then render the part. The code is asked for once, the first time any
 * part renders; whoever builds the view says how to get it (setPartsLoader): a site content script
 * loads reader-parts.js, the generic reader and the tests hand the module over at once.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ComponentProps, FunctionComponent } from 'preact';
import type * as Parts from './parts';
import { READER_PARTS_GLOBAL, sharePreact } from './shared-preact';

export type ReaderParts = typeof Parts;
type PartsLoader = () => ReaderParts | Promise<ReaderParts>;

let loader: PartsLoader | null = null;
let loaded: ReaderParts | null = null;
let pending: Promise<ReaderParts> | null = null;
const waiting = new Set<() => void>();

export function setPartsLoader(load: PartsLoader): void {
  loader = load;
  loaded = null;
  pending = null;
}

/**
 * A loader for a site content script: shares its Preact on `scope` (its isolated global), imports
 * the parts' file (reader-parts.js) and takes the parts the file left on `scope`.
 */
export function partsFromFile(
  url: string,
  importModule: (url: string) => Promise<unknown>,
  scope: Record<string, unknown> = globalThis as never,
): PartsLoader {
  return async () => {
    sharePreact(scope);
    await importModule(url);
    const parts = scope[READER_PARTS_GLOBAL] as ReaderParts | undefined;
    if (!parts) throw new Error(`${url} brought no reader parts`);
    return parts;
  };
}

/** The parts, now if they are loaded; else starts loading them (once) and returns null. */
export function readerParts(): ReaderParts | null {
  if (loaded || !loader) return loaded;
  if (!pending) {
    const got = loader();
    if (!(got instanceof Promise)) return (loaded = got);
    pending = got.then(
      (m) => {
        loaded = m;
        for (const w of [...waiting]) w();
        return m;
      },
      (e: unknown) => {
        // Leave the view as it is (no drawer, no extras); a later render asks again.
        pending = null;
        console.warn('Calm Reader: part of the reader view could not load.', e);
        throw e;
      },
    );
    pending.catch(() => undefined);
  }
  return null;
}

function lazyPart<K extends keyof ReaderParts>(name: K): FunctionComponent<ComponentProps<ReaderParts[K]>> {
  function Lazy(props: ComponentProps<ReaderParts[K]>) {
    const [parts, setParts] = useState(readerParts);
    useEffect(() => {
      if (parts) return;
      const done = () => setParts(loaded);
      waiting.add(done);
      if (loaded) done();
      return () => void waiting.delete(done);
    }, [parts]);
    const Part = parts?.[name] as unknown as FunctionComponent<object> | undefined;
    return Part ? <Part {...props} /> : null;
  }
  Lazy.displayName = `Lazy(${name})`;
  return Lazy;
}

export const ChapterList = lazyPart('ChapterList');
export const ViewSettings = lazyPart('ViewSettings');
export const EndOfChapter = lazyPart('EndOfChapter');
