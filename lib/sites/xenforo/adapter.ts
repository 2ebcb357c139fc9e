/**
 * XenForo 2 story forums: SpaceBattles, SufficientVelocity, QuestionableQuesting.
 * One factory, one adapter per forum. A threadmarked post is a chapter: on a reader-mode page
 * or a thread page it is the post the URL points to (#post-ID or /post-ID), else the first
 * threadmarked post on the page. Author notes sit inline in posts: body blocks, the notes
 * detector decides. Other posts, replies, signatures and reactions never leak in.
 */
import { absUrl, blocksFrom, distinctTags, missing, notChapter, parseCount, text, inertCopy } from '../blocks';
import type { Chapter, ExtractError, SiteAdapter } from '../types';
import { FORUMS, forumMatches, parseXenForoUrl, type XenForoSite } from './urls';

/** Selectors, with alternatives for older / newer layouts. */
const SEL = {
  post: 'article.message--post, article.message[data-content^="post-"], div.message--post[data-content^="post-"]',
  threadmarkLabel: '.threadmarkLabel, .threadmark-label',
  body: '.message-body .bbWrapper, .message-content .bbWrapper, .message-userContent .bbWrapper',
  title: 'h1.p-title-value',
  prev: 'a.threadmark-control--previous, .threadmark-nav a.threadmark-previous, .threadmark-nav a[rel="prev"]',
  next: 'a.threadmark-control--next, .threadmark-nav a.threadmark-next, .threadmark-nav a[rel="next"]',
  starter: '.p-description a.username, .p-description [data-user-id].username',
  postAuthor: '.message-name .username, .message-userDetails .username',
  signature: '.message-signature',
  /** Parts of a post body that are forum chrome, not text. */
  bodyChrome:
    'script, style, noscript, .message-signature, .js-selectToQuoteEnd, .bbCodeBlock-expandLink, .bbCodeBlock-shrinkLink, .js-expandLink, .bbCodeSpoiler-button, .messageNotice, .noticeContent',
  /** Lazy-loaded images: the real address is in data-src (data-url on some forums), src is a placeholder. */
  lazyImage: 'img[data-src], img[data-url]',
  /** Smilies: sprite images with a placeholder src (dropped by the sanitiser) and the smiley in alt. */
  smilie: 'img.smilie, img.mceSmilie',
  /** Cloudflare's e-mail obfuscation: "[email protected]" with the address XOR-encoded in data-cfemail. */
  cfEmail: '[data-cfemail]',
  /** Prefix labels in the thread title ("Worm", "Original", "NSFW"). */
  titlePrefix: '.label, .label-append, .labelLink',
  readerStats: '.threadmarkListingHeader dl, .threadmarkListingHeader-stats, dl.pairs',
  /** The thread's tags under its title (XenForo's tag list; the full set may need a log-in). */
  tags: '.js-tagList a.tagItem, dl.tagList a.tagItem',
} as const;

function postIdOf(post: Element): string | null {
  const dc = /^post-(\d+)$/.exec(post.getAttribute('data-content') ?? '');
  if (dc) return dc[1];
  const id = /^js-post-(\d+)$/.exec(post.id);
  if (id) return id[1];
  const anchor = post.querySelector('[id^="post-"]');
  const am = /^post-(\d+)$/.exec(anchor?.id ?? '');
  return am ? am[1] : null;
}

/** The first element matching `selector` that belongs to the post itself: not in its text, a quote or its signature. */
function ownElement(post: Element, selector: string): Element | null {
  for (const el of Array.from(post.querySelectorAll(selector))) {
    if (el.closest(SEL.post) === post && !el.closest('.bbWrapper') && !el.closest(SEL.signature)) return el;
  }
  return null;
}

function isThreadmarked(post: Element): boolean {
  return post.classList.contains('hasThreadmark') || !!ownElement(post, SEL.threadmarkLabel);
}

/** The value of a `<dl><dt>label</dt><dd>value</dd></dl>` pair outside posts ("Showing" -> "11 to 13"). */
function pairValue(doc: Document, label: RegExp): string | null {
  for (const dl of Array.from(doc.querySelectorAll(SEL.readerStats))) {
    if (dl.closest(SEL.post)) continue;
    const dt = dl.querySelector('dt');
    const dd = dl.querySelector('dd');
    if (dt && dd && label.test(text(dt))) return text(dd);
  }
  return null;
}

/** Give lazy-loaded images their real address (the placeholder src shows nothing once sanitised). */
function resolveLazyImages(root: Element): void {
  for (const img of Array.from(root.querySelectorAll(SEL.lazyImage))) {
    const real = (img.getAttribute('data-src') || img.getAttribute('data-url') || '').trim();
    if (real) img.setAttribute('src', real);
    img.removeAttribute('data-src');
    img.removeAttribute('data-url');
  }
}

/** Smilies as their text (":)", or the emoji itself): a sprite or an emoji image is not reading matter. */
function smiliesAsText(root: Element): void {
  for (const img of Array.from(root.querySelectorAll(SEL.smilie))) {
    const alt = (img.getAttribute('alt') ?? '').replace(/`/g, '').trim();
    img.replaceWith(img.ownerDocument.createTextNode(alt));
  }
}

/** The address Cloudflare hid: the first byte is the key, XOR-ed with each following byte. */
export function decodeCfEmail(hex: string): string | null {
  if (!/^(?:[0-9a-f]{2}){2,}$/i.test(hex)) return null;
  const key = parseInt(hex.slice(0, 2), 16);
  let out = '';
  for (let i = 2; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16) ^ key);
  return out;
}

/** Replace each "[email protected]" placeholder with the text it hides. */
function decodeCfEmails(root: Element): void {
  for (const el of Array.from(root.querySelectorAll(SEL.cfEmail))) {
    const decoded = decodeCfEmail(el.getAttribute('data-cfemail') ?? '');
    if (decoded === null) continue;
    // the placeholder is often wrapped in a link to /cdn-cgi/l/email-protection: replace the link too
    const link = el.parentElement?.closest('a[href*="/cdn-cgi/l/email-protection"]');
    const target = link && root.contains(link) ? link : el;
    target.replaceWith(el.ownerDocument.createTextNode(decoded));
  }
}

/** Thread title without its prefix labels. */
function titleOf(h1: Element): string {
  const clone = h1.cloneNode(true) as Element;
  for (const l of Array.from(clone.querySelectorAll(SEL.titlePrefix))) l.remove();
  return text(clone);
}

function extractXenForo(site: XenForoSite, doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseXenForoUrl(site.hosts, url);
  if (!parsed) return notChapter(site.id, `This ${site.name} page is not a thread page.`);

  const posts = Array.from(doc.querySelectorAll(SEL.post)).filter((p) => !p.parentElement?.closest(SEL.post));
  if (!posts.length) {
    if (/\/threadmarks\b/.test(new URL(url).pathname)) {
      return notChapter(site.id, `This ${site.name} page lists threadmarks; open one to read it.`);
    }
    return missing(site.id, 'posts', SEL.post);
  }

  let post: Element | undefined;
  if (parsed.chapterId) {
    post = posts.find((p) => postIdOf(p) === parsed.chapterId);
    if (!post) return missing(site.id, `post ${parsed.chapterId}`, `[data-content="post-${parsed.chapterId}"]`);
    if (!isThreadmarked(post)) {
      return notChapter(site.id, `This ${site.name} post is not threadmarked: it is not a chapter.`);
    }
  } else {
    post = posts.find(isThreadmarked);
    if (!post) return notChapter(site.id, `This ${site.name} page has no threadmarked post.`);
  }
  const postId = postIdOf(post);
  if (!postId) return missing(site.id, 'post id', `${SEL.post}[data-content]`);

  const h1 = doc.querySelector(SEL.title);
  if (!h1) return missing(site.id, 'title', SEL.title);
  const title = titleOf(h1);
  if (!title) return missing(site.id, 'title', SEL.title);

  const labelEl = ownElement(post, SEL.threadmarkLabel);
  if (!labelEl) return missing(site.id, 'threadmark label', SEL.threadmarkLabel);
  const chapterTitle = text(labelEl) || labelEl.getAttribute('title')?.trim() || null;

  const bodyEl = Array.from(post.querySelectorAll(SEL.body)).find(
    (b) => !b.parentElement?.closest('.bbWrapper') && !b.closest(SEL.signature),
  );
  if (!bodyEl) return missing(site.id, 'post text', SEL.body);
  const body = inertCopy(bodyEl);
  for (const c of Array.from(body.querySelectorAll(SEL.bodyChrome))) c.remove();
  resolveLazyImages(body);
  decodeCfEmails(body);
  smiliesAsText(body);
  const blocks = blocksFrom(body);
  if (!blocks.some((b) => b.kind !== 'separator')) return missing(site.id, 'post text', SEL.body);

  const author =
    text(doc.querySelector(SEL.starter)) || post.getAttribute('data-author')?.trim() || text(post.querySelector(SEL.postAuthor)) || null;

  // Position: only what the page states (reader mode: "Showing 11 to 13").
  let chapterIndex: number | null = null;
  const showing = pairValue(doc, /^showing$/i);
  const first = parseCount(showing);
  if (first !== null) {
    const marked = posts.filter(isThreadmarked);
    const i = marked.indexOf(post);
    if (i >= 0) chapterIndex = first + i;
  }
  const chapterCount = parseCount(pairValue(doc, /^threadmarks$/i));

  const threadUrl = `${parsed.origin}/threads/${parsed.slug}/`;
  const tags = distinctTags(
    Array.from(doc.querySelectorAll(SEL.tags))
      .filter((a) => !a.closest(SEL.post))
      .map((a) => a.textContent),
  );
  return {
    site: site.id,
    storyId: parsed.storyId,
    title,
    author,
    chapterIndex,
    chapterCount,
    chapterTitle,
    chapterId: postId,
    url: `${threadUrl}post-${postId}`,
    storyUrl: threadUrl,
    prevUrl: absUrl(ownElement(post, SEL.prev)?.getAttribute('href'), url),
    nextUrl: absUrl(ownElement(post, SEL.next)?.getAttribute('href'), url),
    summary: null,
    blocks,
    ...(tags.length ? { meta: { tags } } : {}),
  };
}

export function xenforoAdapter(site: XenForoSite): SiteAdapter {
  return {
    id: site.id,
    name: site.name,
    matches: forumMatches(site),
    exampleUrls: site.exampleUrls,
    parseUrl(url) {
      const p = parseXenForoUrl(site.hosts, url);
      return p ? { storyId: p.storyId, chapterId: p.chapterId } : null;
    },
    extract: (doc, url) => extractXenForo(site, doc, url),
  };
}

export const spacebattles = xenforoAdapter(FORUMS.spacebattles);
export const sufficientvelocity = xenforoAdapter(FORUMS.sufficientvelocity);
export const questionablequesting = xenforoAdapter(FORUMS.questionablequesting);
