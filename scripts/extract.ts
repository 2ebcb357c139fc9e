/**
 * Run the extraction pipeline on a saved page:
 *   npm run -s extract -- <page.html> --url <page-url>
 * Prints one JSON object: the chapter (blocks as {kind, text}) or {error, site}.
 * Exit status: 0 chapter, 2 not a readable chapter, 1 usage error.
 * The page's scripts never run and nothing it links to is loaded.
 */
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { extractChapter } from '../lib/chapter/extract';
import { isExtractError } from '../lib/sites/types';

const USAGE = 'usage: npm run -s extract -- <page.html> --url <page-url>';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): { file: string; url: string } {
  let file: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--url') url = argv[++i];
    else if (a.startsWith('--url=')) url = a.slice(6);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (a.startsWith('-')) fail(`unknown option: ${a}`);
    else if (!file) file = a;
    else fail(`unexpected argument: ${a}`);
  }
  if (!file) fail('missing the page file');
  if (!url) fail('missing --url');
  try {
    new URL(url);
  } catch {
    fail(`not a URL: ${url}`);
  }
  return { file, url };
}

async function main(): Promise<number> {
  const { file, url } = parseArgs(process.argv.slice(2));
  let html: string;
  try {
    html = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const win = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableComputedStyleRendering: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
    },
  });
  try {
    win.document.write(html);
    const result = extractChapter(win.document as unknown as Document, url);
    if (isExtractError(result)) {
      process.stdout.write(`${JSON.stringify({ error: result.error, site: result.site, kind: result.kind, ...(result.continueUrl ? { continueUrl: result.continueUrl } : {}) }, null, 2)}\n`);
      return 2;
    }
    const { site, storyId, title, author, chapterIndex, chapterCount, chapterTitle, prevUrl, nextUrl, summary } = result;
    const out = {
      site, storyId, title, author, chapterIndex, chapterCount, chapterTitle, prevUrl, nextUrl, summary,
      blocks: result.blocks.map((b) => ({ kind: b.kind, text: b.text })),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } finally {
    await win.happyDOM.abort();
    await win.happyDOM.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
