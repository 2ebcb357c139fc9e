/**
 * A small WebDAV client: GET, conditional PUT, DELETE and MKCOL against one folder, with Basic
 * authentication (an app password), a timeout on every request and a size limit on every answer.
 * Whatever the server says is hostile: sizes are checked before and after reading, and every
 * failure becomes a WebDavError with a message the options page can show as it is.
 */
import { t } from '../../i18n';
import { readCapped } from '../../library/streams';

export type WebDavErrorKind = 'network' | 'timeout' | 'auth' | 'full' | 'server' | 'conflict' | 'missing' | 'too-large' | 'bad-url';

export class WebDavError extends Error {
  constructor(
    readonly kind: WebDavErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebDavError';
  }
}

export interface WebDavConfig {
  /** The server's WebDAV address (e.g. https://cloud.example/remote.php/dav/files/me/). */
  url: string;
  user: string;
  /** An app password (never the account's main password, the options page says). */
  password: string;
  /** The folder for Calm Reader's files, under `url`. */
  folder: string;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  fetch?: Fetch;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

export interface GetResult {
  body: Uint8Array<ArrayBuffer>;
  etag: string | null;
}

/** The address a config points at: http(s) only, no credentials or query in it. Throws WebDavError('bad-url'). */
export function baseUrlOf(cfg: Pick<WebDavConfig, 'url' | 'folder'>): URL {
  let url: URL;
  try {
    url = new URL(cfg.url.trim());
  } catch {
    throw new WebDavError('bad-url', t('davErrNotUrl'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new WebDavError('bad-url', t('davErrScheme'));
  if (url.username || url.password) throw new WebDavError('bad-url', t('davErrCredsInUrl'));
  url.search = '';
  url.hash = '';
  const segments = folderSegments(cfg.folder);
  const path = url.pathname.endsWith('/') ? url.pathname : url.pathname + '/';
  url.pathname = path + segments.map(encodeURIComponent).map((s) => s + '/').join('');
  return url;
}

/** The folder's path segments; throws on "..", "." or control characters. */
export function folderSegments(folder: string): string[] {
  const parts = folder.split('/').map((s) => s.trim()).filter(Boolean);
  for (const p of parts)
    if (p === '.' || p === '..' || /[\u0000-\u001f\\]/.test(p))
      throw new WebDavError('bad-url', t('davErrFolder'));
  return parts;
}

/** The origin pattern the extension asks host permission for (this server only). */
export function originPattern(url: string): string {
  const u = new URL(url.trim());
  return `${u.protocol}//${u.hostname}/*`;
}

const FILE_NAME = /^[a-z0-9][a-z0-9.-]{0,80}$/;

export class WebDavClient {
  readonly base: URL;
  private readonly fetch: Fetch;
  private readonly timeoutMs: number;
  private readonly auth: string;
  /** Bytes of request bodies sent, and of answers received (the bench reads them). */
  bytesSent = 0;
  bytesReceived = 0;

  constructor(
    readonly config: WebDavConfig,
    options: ClientOptions = {},
  ) {
    this.base = baseUrlOf(config);
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const bytes = new TextEncoder().encode(`${config.user}:${config.password}`);
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    this.auth = `Basic ${btoa(s)}`;
  }

  private urlOf(name: string): string {
    if (!FILE_NAME.test(name)) throw new WebDavError('bad-url', t('davErrFileName', name.slice(0, 40)));
    return new URL(name, this.base).href;
  }

  private async request(method: string, url: string, headers: Record<string, string> = {}, body?: Uint8Array<ArrayBuffer>): Promise<Response> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    try {
      if (body) this.bytesSent += body.length;
      const res = await this.fetch(url, {
        method,
        headers: { Authorization: this.auth, ...headers },
        body,
        signal: ctl.signal,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
      return res;
    } catch (err) {
      if (ctl.signal.aborted) throw new WebDavError('timeout', t('davErrTimeout'));
      throw new WebDavError('network', t('davErrNetwork', (err as Error)?.message ?? 'network error'));
    } finally {
      clearTimeout(timer);
    }
  }

  private fail(res: Response, what: string): never {
    const s = res.status;
    if (s === 401 || s === 403)
      throw new WebDavError('auth', t('davErrAuth'), s);
    if (s === 507 || s === 413) throw new WebDavError('full', t('davErrFull'), s);
    if (s === 412 || s === 423) throw new WebDavError('conflict', t('davErrConflict'), s);
    if (s === 404 || s === 409) throw new WebDavError('missing', t('davErrMissing', what), s);
    throw new WebDavError('server', t('davErrServer', [s, what]), s);
  }

  /** A file's bytes and ETag; null when it does not exist. Refuses answers over `maxBytes`. */
  async get(name: string, maxBytes: number): Promise<GetResult | null> {
    const res = await this.request('GET', this.urlOf(name));
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok) this.fail(res, `reading ${name}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new WebDavError('too-large', t('davErrTooLarge', name));
    }
    const body = await this.readLimited(res, maxBytes, name);
    return { body, etag: res.headers.get('etag') };
  }

  private async readLimited(res: Response, maxBytes: number, name: string): Promise<Uint8Array<ArrayBuffer>> {
    const timer = setTimeout(() => void res.body?.cancel().catch(() => undefined), this.timeoutMs);
    try {
      const reader = res.body?.getReader();
      if (!reader) return new Uint8Array(0);
      const out = await readCapped(reader, maxBytes);
      if (!out) throw new WebDavError('too-large', t('davErrTooLarge', name));
      this.bytesReceived += out.length;
      return out;
    } catch (err) {
      if (err instanceof WebDavError) throw err;
      throw new WebDavError('network', t('davErrCut', name));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Write a file. `ifMatch`: only over that version (ETag); `ifNoneMatch`: only when it does not
   * exist. A server that honours them answers 412 to a lost race (WebDavError 'conflict').
   * Returns the new ETag when the server tells it.
   */
  async put(name: string, body: Uint8Array<ArrayBuffer>, cond: { ifMatch?: string; ifNoneMatch?: boolean } = {}): Promise<string | null> {
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (cond.ifMatch) headers['If-Match'] = cond.ifMatch;
    if (cond.ifNoneMatch) headers['If-None-Match'] = '*';
    const res = await this.request('PUT', this.urlOf(name), headers, body);
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) this.fail(res, `writing ${name}`);
    return res.headers.get('etag');
  }

  /** Remove a file (already gone is fine). */
  async delete(name: string): Promise<void> {
    const res = await this.request('DELETE', this.urlOf(name));
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok && res.status !== 404) this.fail(res, `removing ${name}`);
  }

  /** Create the folder (and its parents under the server address) when missing. */
  async ensureFolder(): Promise<void> {
    const root = new URL(this.config.url.trim());
    const rootPath = root.pathname.endsWith('/') ? root.pathname : root.pathname + '/';
    let path = rootPath;
    for (const seg of folderSegments(this.config.folder)) {
      path += encodeURIComponent(seg) + '/';
      const url = new URL(path, this.base).href;
      const res = await this.request('MKCOL', url);
      await res.body?.cancel().catch(() => undefined);
      // 405: it exists already (RFC 4918); some servers answer 200/201 either way.
      if (!res.ok && res.status !== 405) this.fail(res, 'creating the folder');
    }
  }
}
