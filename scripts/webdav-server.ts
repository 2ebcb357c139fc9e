/**
 * A real WebDAV server for the tests and the bench: Debian's rclone (`apt-get install rclone`,
 * done by .ci/run) serving a temporary folder on 127.0.0.1 at a free port, with a user and password.
 * Also a small TCP proxy in front of it that can cut the connection at a chosen request or hang
 * (network cut, slow server), and answer a chosen status (a full server) — still the real server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WebDavServer {
  url: string;
  port: number;
  user: string;
  pass: string;
  /** The folder served (files are there as written). */
  dir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`rclone exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'OPTIONS', path: '/' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`rclone did not start: ${log()}`);
}

export async function startWebDavServer(opts: { dir?: string; port?: number } = {}): Promise<WebDavServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'calm-webdav-'));
  const port = opts.port ?? (await freePort());
  const user = 'reader';
  const pass = 'app-password-' + Math.random().toString(36).slice(2);
  let out = '';
  const child = spawn('rclone', ['serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', pass], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  await waitUp(port, child, () => out);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    user,
    pass,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Proxy {
  url: string;
  /** Requests seen (each HTTP request, counted by its first line). */
  requests: number;
  /** Cut the connection when the nth request (1-based) arrives; 0 = never. */
  cutAt: number;
  /** Never answer (a hung server). */
  hang: boolean;
  /** Answer this status to every PUT without forwarding it (e.g. 507 Insufficient Storage). */
  putStatus: number;
  close(): Promise<void>;
}

/**
 * A proxy in front of `target` (one request per connection: it sends "Connection: close").
 */
export async function startProxy(targetPort: number): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const proxy: Proxy = {
    url: '',
    requests: 0,
    cutAt: 0,
    hang: false,
    putStatus: 0,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const n = ++proxy.requests;
    if (proxy.cutAt && n >= proxy.cutAt) {
      req.socket.destroy();
      return;
    }
    if (proxy.hang) return;
    if (proxy.putStatus && req.method === 'PUT') {
      req.resume();
      res.writeHead(proxy.putStatus, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end('Insufficient Storage');
      return;
    }
    const up = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => req.socket.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  proxy.url = `http://127.0.0.1:${port}/`;
  return proxy;
}
