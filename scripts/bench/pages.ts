/**
 * Synthetic huge pages for the benchmark: an AO3 entire-work page and a FanFiction.net chapter with a
 * given number of story words, laid out like the fixtures in the sites' fixture cases (site chrome,
 * work/chapter notes, inline A/N, comments), generated deterministically.
 * The host layout carries a marker colour (HOST_MARK) so the flash check can spot it in a frame.
 */

import { rng } from '../../tests/rng';

/** Colour of a band at the top of the host layout: any frame showing it showed the site. */
export const HOST_MARK = { r: 255, g: 0, b: 255 };
const MARK_CSS = `#header,#top{background:#ff00ff!important;min-height:120px}body{background:#ff00ff}`;

const WORDS = (
  'the a and of to in she he it was said her his that with for on at as by from but not they had ' +
  'lamp tide market harbour salt ember keeper ledger stairs fog signal rope lantern window letter map ink ' +
  'quiet slowly across toward under before after again still never always only almost nearly ' +
  'walked turned looked listened waited remembered counted carried opened closed answered whispered ' +
  'morning evening night winter spring rain wind stone water light shadow voice door table corner ' +
  'old young small bright grey careful tired patient stubborn gentle sharp hollow warm'
).split(/\s+/);

const NAMES = ['Ysolde', 'Maren', 'Tobiah', 'Hermione', 'Neville', 'Corin', 'Alder'];

function sentence(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  if (r() < 0.3) out[Math.floor(r() * out.length)] = NAMES[Math.floor(r() * NAMES.length)];
  const s = out.join(' ');
  return s[0].toUpperCase() + s.slice(1) + (r() < 0.1 ? '?' : '.');
}

/** Story paragraphs totalling `words` words, as <p> HTML; a scene break every ~40 paragraphs. */
export function paragraphs(words: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  let left = words;
  while (left > 0) {
    if (out.length && out.length % 40 === 0) out.push('<p>* * *</p>');
    const n = Math.min(left, 20 + Math.floor(r() * 100));
    left -= n;
    let html = '';
    let inPara = n;
    while (inPara > 0) {
      const k = Math.min(inPara, 6 + Math.floor(r() * 14));
      inPara -= k;
      html += (html ? ' ' : '') + sentence(r, k);
    }
    if (r() < 0.25) html = `"${html}" said ${NAMES[Math.floor(r() * NAMES.length)]}.`;
    else if (r() < 0.1) html = html.replace(/^(\S+ \S+)/, '<em>$1</em>');
    out.push(`<p>${html}</p>`);
  }
  return out;
}

export interface BenchPage {
  id: string;
  site: 'ao3' | 'ffnet';
  url: string;
  words: number;
  html: string;
}

/** An AO3 "Entire Work" page with ~4,000-word chapters, each with begin/end notes and a summary. */
export function ao3EntireWork(words: number): BenchPage {
  const AO3_WORK = 60770000 + words / 1000;
  const chapterWords = 4000;
  const chapters = Math.max(1, Math.round(words / chapterWords));
  const per = Math.floor(words / chapters);
  const chapterHtml: string[] = [];
  for (let i = 1; i <= chapters; i++) {
    const cid = 170000000 + i;
    const body = paragraphs(i === chapters ? words - per * (chapters - 1) : per, i * 7919).join('\n');
    const end =
      i % 3 === 0
        ? `<div class="chapter preface group" role="complementary"><div id="chapter_${i}_endnotes" class="end notes module" role="complementary"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Thank you for reading chapter ${i}! Comments make my day, and I answer every one.</p></blockquote></div></div>`
        : '';
    chapterHtml.push(`<div class="chapter" id="chapter-${i}">
<div class="chapter preface group" role="complementary">
<h3 class="title"><a href="/works/${AO3_WORK}/chapters/${cid}">Chapter ${i}</a>: The ${WORDS[(i * 31) % WORDS.length]} ${WORDS[(i * 17) % WORDS.length]}</h3>
<div id="summary" class="summary module" role="complementary"><h3 class="heading">Summary:</h3><blockquote class="userstuff"><p>In which the ${WORDS[i % WORDS.length]} is found again.</p></blockquote></div>
${i % 2 === 1 ? `<div id="notes" class="notes module" role="complementary"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>A/N: Chapter ${i}, as promised. Thanks to my beta for catching everything I missed.</p></blockquote></div>` : ''}
</div>
<div class="userstuff module" role="article">
<h3 class="landmark heading" id="work">Chapter Text</h3>
${body}
</div>
${end}
</div>`);
  }
  const html = `<!DOCTYPE html>
<html lang="en" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<title>The Long Tide - benchmark_writer - Original Work [Archive of Our Own]</title>
<style type="text/css" media="screen">#outer .landmark { position: absolute; left: -10000px; } .hidden { display: none; } ${MARK_CSS}</style>
<script>window.otwTrack = { q: [], push: function (e) { this.q.push(e); } };</script>
</head>
<body class="logged-out">
<div id="outer" class="wrapper">
<ul id="skiplinks"><li><a href="#main">Main Content</a></li></ul>
<header id="header" class="region">
<h1 class="heading"><a href="/"><span>Archive of Our Own</span><sup> beta</sup></a></h1>
<ul class="primary navigation actions" role="navigation"><li class="dropdown"><a href="/menu/fandoms">Fandoms</a></li><li class="dropdown"><a href="/menu/browse">Browse</a></li><li class="dropdown"><a href="/menu/search">Search</a></li></ul>
</header>
<div id="inner" class="wrapper">
<div id="main" class="works-show dynamic region" role="main">
<div class="work">
<ul class="work navigation actions" role="menu"><li class="chapter bychapter"><a href="/works/${AO3_WORK}/chapters/170000001">Chapter by Chapter</a></li><li class="comments" id="show_comments_link_top"><a href="/works/${AO3_WORK}?show_comments=true#comments">Comments (48)</a></li></ul>
<div class="wrapper">
<dl class="work meta group">
<dt class="rating tags">Rating:</dt><dd class="rating tags"><ul class="commas"><li><a class="tag" href="/tags/General%20Audiences/works">General Audiences</a></li></ul></dd>
<dt class="fandom tags">Fandom:</dt><dd class="fandom tags"><ul class="commas"><li><a class="tag" href="/tags/Original Work/works">Original Work</a></li></ul></dd>
<dt class="freeform tags">Additional Tags:</dt><dd class="freeform tags"><ul class="commas"><li><a class="tag" href="/tags/Slow Burn/works">Slow Burn</a></li><li><a class="tag" href="/tags/Found Family/works">Found Family</a></li></ul></dd>
<dt class="language">Language:</dt><dd class="language" lang="en">English</dd>
<dt class="stats">Stats:</dt><dd class="stats"><dl class="stats"><dt class="published">Published:</dt><dd class="published">2023-11-02</dd><dt class="status">Completed:</dt><dd class="status">2024-06-20</dd><dt class="words">Words:</dt><dd class="words">${words.toLocaleString('en-US')}</dd><dt class="chapters">Chapters:</dt><dd class="chapters"><a href="/works/${AO3_WORK}/chapters/${170000000 + chapters}">${chapters}</a>/${chapters}</dd><dt class="kudos">Kudos:</dt><dd class="kudos">2,212</dd></dl></dd>
</dl>
</div>
<div id="work-skin" class="wrapper">
<div id="workskin">
<div class="preface group">
<h2 class="title heading">The Long Tide</h2>
<h3 class="byline heading"><a rel="author" href="/users/benchmark_writer/pseuds/benchmark_writer">benchmark_writer</a></h3>
<div class="summary module" role="complementary"><h3 class="heading">Summary:</h3><blockquote class="userstuff"><p>A very long story about a harbour, a lamp and the people who keep both.</p></blockquote></div>
<div class="notes module" role="complementary"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Written over two years; thank you to everyone who kept asking for more.</p></blockquote><p class="jump">(See the end of the work for <a href="#work_endnotes">more notes</a>.)</p></div>
</div>
<div id="chapters" role="article">
${chapterHtml.join('\n')}
</div>
<div class="afterword preface group"><div id="work_endnotes" class="end notes module" role="complementary"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Thank you for reading all the way to the end.</p></blockquote></div></div>
</div>
</div>
<div id="feedback" class="feedback" role="navigation">
<ul class="actions" role="menu"><li><a href="#main">&#8593; Top</a></li><li id="new_kudo"><form action="/kudos" method="post"><input type="submit" name="commit" value="Kudos &#9829;" id="kudo_submit" /></form></li></ul>
<div id="kudos"><p class="kudos"><a href="/users/marram_grass">marram_grass</a> and 2,000 more users left kudos on this work!</p></div>
<div id="add_comment"><form class="new_comment" action="/works/${AO3_WORK}/comments" method="post"><fieldset><legend>Post Comment</legend><textarea name="comment[comment_content]"></textarea></fieldset></form></div>
<ol class="thread">${Array.from({ length: 20 }, (_, i) => `<li class="comment group" id="comment_${800000000 + i}" role="article"><h4 class="heading byline"><a href="/users/reader${i}">reader${i}</a></h4><blockquote class="userstuff"><p>Comment ${i}: I loved this chapter so much.</p></blockquote></li>`).join('')}</ol>
</div>
</div>
</div>
</div>
<div id="footer" role="contentinfo" class="region"><ul class="navigation actions" role="navigation"><li><a href="/site_map">Site Map</a></li><li><a href="/tos">Terms of Service</a></li></ul></div>
</div>
</body>
</html>`;
  return { id: `ao3-${words / 1000}k`, site: 'ao3', url: `https://archiveofourown.org/works/${AO3_WORK}?view_full_work=true`, words, html };
}

/** A FanFiction.net desktop chapter with inline A/N at the start and end (the notes detector's job). */
export function ffnChapter(words: number): BenchPage {
  const sid = 14990000 + words / 1000;
  const slug = 'The-Long-Tide';
  const body = paragraphs(words, words).join('');
  const html = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The Long Tide Chapter 3: Ink and Iron, a harry potter fanfic | FanFiction</title>
<style>body { font-family: Verdana, Arial, sans-serif; } .hide { display: none; } .storytext { font-size: 1.1em; line-height: 1.8em; } ${MARK_CSS}</style>
<script>var _gaq = _gaq || []; _gaq.push(['_trackPageview']);</script>
</head>
<body style="margin-top:0px">
<div id="top"><div class="maxwidth"><a href="/">FanFiction</a><form method="get" action="/search/" name="search_form"><input type="text" name="keywords" placeholder="Search"></form></div></div>
<div class="zmenu" id="zmenu"><div class="maxwidth"><ul class="nav-tabs"><li class="dropdown"><a href="/j/">Just In</a></li><li class="dropdown"><a href="/book/">Browse</a></li></ul></div></div>
<div id="content_parent" class="xcontrast_outer">
<div id="content_wrapper" class="xcontrast maxwidth" style="background-color: white;">
<div id="content_wrapper_inner" style="padding:0.5em;">
<div id="pre_story_links" class="lc-wrapper"><span class="lc-left"><a class="xcontrast_txt" href="/book/">Books</a><a class="xcontrast_txt" href="/book/Harry-Potter/">Harry Potter</a></span></div>
<div id="profile_top" style="min-height:112px;">
<button class="btn pull-right icon-heart" type="button"> Follow/Fav</button><b class="xcontrast_txt">The Long Tide</b>
<span class="xcontrast_txt"><div style="height:5px"></div>By:</span> <a class="xcontrast_txt" href="/u/10422871/BenchWriter">BenchWriter</a>
<div style="margin-top:2px" class="xcontrast_txt">A very long chapter about a map that redraws itself every night.</div>
<span class="xgray xcontrast_txt">Rated: <a class="xcontrast_txt" href="https://www.fictionratings.com/" target="rating">Fiction  T</a> - English - Adventure/Friendship - Chapters: 7 - Words: ${(words * 5).toLocaleString('en-US')} - Reviews: <a href="/r/${sid}/">214</a> - Updated: <span data-xutime="1719792000">7/1/2024</span> - Published: <span data-xutime="1709251200">3/1/2024</span> - id: ${sid} </span>
</div>
<span style="float:right;"><button class="btn" type="button" onClick="self.location='/s/${sid}/2/${slug}'">&lt; Prev</button> <select id="chap_select" title="Chapter Navigation" name="chapter"><option value="1">1. The Map That Moved<option value="2">2. Detention in the Tower<option selected value="3">3. Ink and Iron<option value="4">4. The Seventh Staircase<option value="5">5. Lantern Hours<option value="6">6. What the Portraits Said<option value="7">7. Home by the Long Way</select> <button class="btn" type="button" onClick="self.location='/s/${sid}/4/${slug}'">Next &gt;</button></span>
<div role="main" aria-label="story content" class="storytextp" id="storytextp" align="center">
<div class="storytext xcontrast_txt nocopy" id="storytext">
<p><strong>A/N:</strong> Thank you so much to everyone who reviewed the last chapter. This one is long, so get a cup of tea.</p><p>Also, to answer the most common question: yes, I will finish this story.</p><hr size="1" noshade>${body}<hr size="1" noshade><p><strong>A/N:</strong> Next chapter: staircases. Please review, it keeps me writing!</p>
</div>
</div>
<div style="height:5px"></div>
<div style="float:right;"><button class="btn" type="button" onClick="self.location='/s/${sid}/4/${slug}'">Next &gt;</button></div>
<div id="review"><table><tr><td><textarea id="review_review" placeholder="Type your review for this chapter here..."></textarea><button class="btn" type="button">Post Review as Guest</button></td></tr></table></div>
</div>
</div>
</div>
<div id="p_footer" class="maxwidth"><a href="/support/">Help</a> . <a href="/tos/">Terms of Service</a> . <a href="#" onClick="return false;">Report Abuse</a></div>
</body>
</html>`;
  return { id: `ffn-${words / 1000}k`, site: 'ffnet', url: `https://www.fanfiction.net/s/${sid}/3/${slug}`, words, html };
}

export function benchPages(): BenchPage[] {
  return [ao3EntireWork(10_000), ao3EntireWork(100_000), ao3EntireWork(300_000), ffnChapter(10_000), ffnChapter(50_000)];
}
