/** The reader view: toolbar, chapter header, summary, text with collapsible author notes, chapter links. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Component, type ComponentChildren, type Ref } from 'preact';
import { LIMITS } from '../../lib/settings/settings';
import type { Block } from '../../lib/sites/types';
import { shortcuts, type KeyAction } from '../../lib/reader/keyboard';
import { langAttr, locale, t, type MessageKey } from '../../lib/i18n';
import type { NoteGroup, ReaderItem } from '../../lib/reader/notes';
import { markableAsNote, markableAsStory } from '../../lib/reader/corrections';
import { estimateChunkEm, type Chunk } from '../../lib/reader/chunks';
import { PENDING_ATTR } from '../../lib/reader/position';
import { chapterHeading, chapterLine, ownTitle, repeatedHeadingBlock } from '../../lib/reader/work';
import { pageState, type StoryState } from '../../lib/reader/story-state';
import type { ReaderActions, ReaderViewState } from '../../lib/reader/view';
import { WorkCard } from './WorkCard';
import { addLateStyles, useLateParts, type LateParts } from './late';

export { chapterHeading };

export type { ReaderActions };

export interface ReaderViewProps extends Omit<ReaderViewState, 'viewRef' | 'toolbarRef'> {
  viewRef?: Ref<HTMLDivElement>;
  toolbarRef?: Ref<HTMLDivElement>;
}


/** The note labels the adapters give (lib/sites), in the reader's language; a site's own label stays as it is. */
const NOTE_LABELS: Record<string, MessageKey> = {
  "Author's note": 'noteAuthors',
  'Work notes': 'noteWork',
  'Chapter notes': 'noteChapter',
  'End notes': 'noteEnd',
};
export const noteLabel = (label: string): string => (NOTE_LABELS[label] ? t(NOTE_LABELS[label]) : label);

function BlockView({ index, block, onMarkNote }: { index: number; block: Block; onMarkNote?: (e?: Event) => void }) {
  const unsure = block.unsure === true;
  return (
    <div
      class="cr-block"
      data-block-index={index}
      data-kind={block.kind}
      data-unsure={unsure ? 'true' : undefined}
      data-markable={onMarkNote ? 'true' : undefined}
    >
      <div dangerouslySetInnerHTML={{ __html: block.html }} />
      {unsure && block.kind === 'story' ? (
        <span class="cr-unsure" role="img" aria-label={t('unsureStory')} title={t('unsureStory')} data-testid="unsure">
          ?
        </span>
      ) : null}
      {onMarkNote ? (
        <button
          type="button"
          class="cr-mark"
          data-testid="mark-note"
          title={t('markNoteTitle')}
          onClick={onMarkNote}
        >
          {t('markNote')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * Each note's landmark name: its label, numbered when several notes share it ("Author's note 1",
 * "Author's note 2"), so that no two landmarks of the view have the same name.
 */
export function noteNames(notes: readonly NoteGroup[]): Map<string, string> {
  const total = new Map<string, number>();
  for (const g of notes) total.set(g.label, (total.get(g.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const g of notes) {
    const n = (seen.get(g.label) ?? 0) + 1;
    seen.set(g.label, n);
    const label = noteLabel(g.label);
    names.set(g.id, total.get(g.label)! > 1 ? t('noteNumbered', [label, n]) : label);
  }
  return names;
}

function NoteView({
  group,
  name,
  blocks,
  open,
  onToggle,
  onMarkStory,
}: {
  group: NoteGroup;
  /** The landmark's name, unique in the view. */
  name: string;
  blocks: readonly Block[];
  open: boolean;
  onToggle(): void;
  onMarkStory?: (e?: Event) => void;
}) {
  const contentId = `cr-${group.id}`;
  return (
    <section
      class="cr-note"
      data-testid="note"
      data-note-id={group.id}
      data-expanded={open ? 'true' : 'false'}
      data-unsure={group.unsure ? 'true' : undefined}
      aria-label={name}
    >
      <div class="cr-note-head">
      <button
        type="button"
        class="cr-disclosure"
        data-testid="note-toggle"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={contentId}
        onClick={onToggle}
      >
        <span class="cr-caret" aria-hidden="true">
          ▶
        </span>
        <span class="cr-note-label">{noteLabel(group.label)}</span>
        {!open && group.preview ? <span class="cr-preview">{group.preview}</span> : null}
        {group.unsure ? (
          <span class="cr-unsure" role="img" aria-label={t('unsureNote')} title={t('unsureNote')} data-testid="unsure">
            ?
          </span>
        ) : null}
      </button>
      {onMarkStory ? (
        <button
          type="button"
          class="cr-mark"
          data-testid="mark-story"
          aria-label={t('markStoryLabel', [t('markStory'), name])}
          title={t('markStoryTitle')}
          onClick={onMarkStory}
        >
          {t('markStory')}
        </button>
      ) : null}
      </div>
      <div class="cr-note-content" id={contentId} hidden={!open}>
        {group.indices.map((i) => (
          <BlockView key={i} index={i} block={blocks[i]} />
        ))}
      </div>
    </section>
  );
}

type Shortcuts = Record<KeyAction, { keys: string; aria: string }>;

function ChapterLink({ dir, url, onGo, place, sc: all }: { dir: 'prev' | 'next'; url: string | null; onGo(): void; place: string; sc: Shortcuts }) {
  const label = dir === 'prev' ? t('cmdPrevChapter') : t('cmdNextChapter');
  const short = dir === 'prev' ? t('previous') : t('next');
  const sc = all[dir];
  if (!url) {
    return (
      <a class="cr-btn" data-testid={`${dir}-chapter`} data-place={place} aria-disabled="true" role="link" aria-label={t('noneLabel', label)}>
        {dir === 'prev' ? '← ' : ''}
        {short}
        {dir === 'next' ? ' →' : ''}
      </a>
    );
  }
  return (
    <a
      class="cr-btn"
      href={url}
      rel={dir}
      data-testid={`${dir}-chapter`}
      data-place={place}
      aria-label={label}
      aria-keyshortcuts={sc.aria}
      title={t('withKey', [label, sc.keys])}
      onClick={(e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onGo();
      }}
    >
      {dir === 'prev' ? '← ' : ''}
      <span class="cr-label-long">{short}</span>
      {dir === 'next' ? ' →' : ''}
    </a>
  );
}

type Panel = 'chapters' | 'settings' | null;

function Toolbar(props: ReaderViewProps & { panel: Panel; setPanel(p: Panel): void; story: StoryState; late: LateParts | null }) {
  const { chapter, settings, notesShown, actions, toolbarRef, panel, setPanel, story, late } = props;
  const noteCount = props.items.filter((i) => i.type === 'note').length;
  const fs = LIMITS.fontSize;
  const sc = shortcuts(settings.keys);
  return (
    <div class="cr-toolbar" role="group" aria-label={t('readerControls')} ref={toolbarRef} data-testid="toolbar">
      <button
        type="button"
        class="cr-btn"
        data-testid="back-to-site"
        aria-label={t('backToSite')}
        aria-keyshortcuts={sc.exit.aria}
        title={t('withKey', [t('backToSitePage'), sc.exit.keys])}
        onClick={actions.exit}
      >
        <span aria-hidden="true">✕</span>
        <span class="cr-label-long"> {t('backToSite')}</span>
      </button>
      <span class="cr-group">
        <ChapterLink dir="prev" url={chapter.prevUrl} onGo={actions.prev} place="top" sc={sc} />
        <ChapterLink dir="next" url={chapter.nextUrl} onGo={actions.next} place="top" sc={sc} />
      </span>
      {story.toc.length > 1 ? (
        <button
          type="button"
          class="cr-btn"
          data-testid="chapters-toggle"
          aria-expanded={panel === 'chapters' ? 'true' : 'false'}
          aria-label={t('chapters')}
          title={t('chapterList')}
          onClick={() => setPanel(panel === 'chapters' ? null : 'chapters')}
        >
          <span aria-hidden="true">☰</span>
          <span class="cr-label-long">{t('chapters')}</span>
        </button>
      ) : null}
      <span class="cr-spacer" />
      {actions.follow && story.followed !== null ? (
        <button
          type="button"
          class="cr-btn"
          data-testid="view-follow"
          aria-pressed={story.followed ? 'true' : 'false'}
          aria-label={t('follow')}
          title={t('followTitleHint')}
          onClick={(e) => actions.follow!(!story.followed, e)}
        >
          <span aria-hidden="true">{story.followed ? '★' : '☆'}</span>
          <span class="cr-label-long">{story.followed ? t('following') : t('follow')}</span>
        </button>
      ) : null}
      <button
        type="button"
        class="cr-btn"
        data-testid="notes-toggle"
        aria-pressed={notesShown ? 'true' : 'false'}
        aria-keyshortcuts={sc['toggle-notes'].aria}
        title={t('withKey', [t('notesToggleTitle'), sc['toggle-notes'].keys])}
        disabled={noteCount === 0}
        onClick={actions.toggleNotes}
      >
        {t('notes')}
        <span class="cr-label-long">{noteCount ? ` (${noteCount})` : ''}</span>
      </button>
      <span class="cr-group cr-sizes" role="group" aria-label={t('textSize')}>
        <button
          type="button"
          class="cr-btn"
          data-testid="font-smaller"
          aria-label={t('smallerText')}
          title={t('smallerText')}
          disabled={settings.fontSize <= fs.min}
          onClick={(e) => actions.changeFontSize(-fs.step, e)}
        >
          A−
        </button>
        <button
          type="button"
          class="cr-btn"
          data-testid="font-larger"
          aria-label={t('largerText')}
          title={t('largerText')}
          disabled={settings.fontSize >= fs.max}
          onClick={(e) => actions.changeFontSize(fs.step, e)}
        >
          A+
        </button>
      </span>
      {actions.patchSettings ? (
        <button
          type="button"
          class="cr-btn"
          data-testid="view-settings-toggle"
          aria-expanded={panel === 'settings' ? 'true' : 'false'}
          aria-label={t('textSettings')}
          title={t('textSettingsTitle')}
          onClick={() => setPanel(panel === 'settings' ? null : 'settings')}
        >
          Aa
        </button>
      ) : null}
      {panel === 'settings' && actions.patchSettings && late ? <late.ViewSettings settings={settings} patch={actions.patchSettings} /> : null}
    </div>
  );
}

function Summary({ text, lang }: { text: string; lang?: string }) {
  const [open, setOpen] = useState(true);
  return (
    <section class="cr-summary" data-testid="summary" aria-label={t('summary')}>
      <button
        type="button"
        class="cr-disclosure"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="cr-summary-text"
        data-testid="summary-toggle"
        onClick={() => setOpen(!open)}
      >
        <span class="cr-caret" aria-hidden="true">
          ▶
        </span>
        {t('summary')}
      </button>
      <p class="cr-summary-text" id="cr-summary-text" hidden={!open} lang={lang}>
        {text}
      </p>
    </section>
  );
}

function markStory(
  group: NoteGroup,
  blocks: readonly Block[],
  correct: ReaderActions['correct'],
): ((e?: Event) => void) | undefined {
  if (!correct) return undefined;
  const indices = markableAsStory(group, blocks);
  return indices.length ? (e?: Event) => correct(indices, 'story', e) : undefined;
}

/** One rendered chunk: re-renders only when the view's version (or the chunk) changes. */
class ChunkView extends Component<{ chunk: Chunk; version: number; renderItem(c: Chunk): ComponentChildren }> {
  shouldComponentUpdate(next: { chunk: Chunk; version: number }): boolean {
    return next.version !== this.props.version || next.chunk !== this.props.chunk;
  }
  render() {
    return <>{this.props.renderItem(this.props.chunk)}</>;
  }
}

export function ReaderView(props: ReaderViewProps) {
  const { chapter, items, theme, actions, isNoteOpen, viewRef } = props;
  const meta = chapterLine(chapter);
  const [panel, setPanel] = useState<Panel>(null);
  // The chapter list, the settings panel and the end of chapter arrive after the first frame
  // (components/reader/late.ts); a panel opened before that opens as they arrive.
  const late = useLateParts(panel !== null);
  const articleRef = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    if (late) addLateStyles(articleRef.current, late.css);
  }, [late]);
  const story = props.story ?? pageState(chapter);
  const repeated = repeatedHeadingBlock(chapter);
  // The notes that carry warnings: the work's notes, else the chapter's notes before the text.
  const notes = items.filter((i): i is NoteGroup => i.type === 'note');
  const names = noteNames(notes);
  const workNotes = notes.find((g) => g.label === 'Work notes') ?? notes.find((g) => g.label === 'Chapter notes');
  const sc = shortcuts(props.settings.keys);
  // The view speaks the reader's language; the story's own words keep the page's (screen readers, hyphenation).
  const storyLang = langAttr(chapter.lang);
  const correct = actions.correct;
  const markable = correct ? markableAsNote(chapter.blocks) : null;
  const renderItem = (it: ReaderItem) =>
    it.type === 'block' && it.index === repeated ? null : it.type === 'block' ? (
      <BlockView
        key={it.index}
        index={it.index}
        block={it.block}
        onMarkNote={correct && markable?.has(it.index) ? (e?: Event) => correct([it.index], 'note', e) : undefined}
      />
    ) : (
      <NoteView
        key={it.id}
        group={it}
        name={names.get(it.id) ?? it.label}
        blocks={chapter.blocks}
        open={isNoteOpen(it.id)}
        onToggle={() => actions.toggleNote(it.id)}
        onMarkStory={markStory(it, chapter.blocks, correct)}
      />
    );
  const chunkItems = (c: Chunk) => items.slice(c.start, c.end).map(renderItem);
  return (
    <div
      class="cr-view"
      data-testid="reader-view"
      data-theme={theme}
      tabIndex={-1}
      ref={viewRef}
      role="region"
      lang={locale()}
      aria-label={t('viewLabel', chapter.title)}
      aria-keyshortcuts={[sc.prev.aria, sc.next.aria, sc['toggle-notes'].aria, sc.exit.aria].join(' ')}
    >
      <Toolbar {...props} panel={panel} setPanel={setPanel} story={story} late={late} />
      {panel === 'chapters' && late ? (
        <late.ChapterList
          story={story}
          currentId={chapter.chapterId}
          onGo={(url) => (actions.goTo ? actions.goTo(url) : undefined)}
          onClose={() => {
            // The list had the focus: give it back to the button that opened it, not to the page.
            (articleRef.current?.getRootNode() as ParentNode | undefined)?.querySelector<HTMLElement>('[data-testid=chapters-toggle]')?.focus();
            setPanel(null);
          }}
        />
      ) : null}
      <article class="cr-article" ref={articleRef}>
        <header class="cr-header">
          <p class="cr-story-title" data-testid="story-title" lang={storyLang}>
            <a href={chapter.storyUrl}>{chapter.title}</a>
          </p>
          <p class="cr-author" data-testid="author">
            {chapter.author ? t('byAuthor', chapter.author) : t('anonymous')}
          </p>
          <h1 class="cr-chapter-title" data-testid="chapter-title" lang={ownTitle(chapter) ? storyLang : undefined}>
            {chapterHeading(chapter)}
          </h1>
          {meta ? <p class="cr-meta" data-testid="chapter-line">{meta}</p> : null}
          {props.timeLeft ? (
            <p class="cr-meta" data-testid="time-left">
              {props.timeLeft}
            </p>
          ) : null}
          <WorkCard
            chapter={chapter}
            tagsOpen={props.settings.tagsOpen}
            onWorkNotes={
              workNotes
                ? (from: Element) => {
                    if (!isNoteOpen(workNotes.id)) actions.toggleNote(workNotes.id);
                    (from.getRootNode() as ParentNode)
                      .querySelector<HTMLElement>(`[data-note-id="${workNotes.id}"] [data-testid=note-toggle]`)
                      ?.focus();
                  }
                : undefined
            }
          />
          {chapter.summary ? <Summary text={chapter.summary} lang={storyLang} /> : null}
        </header>
        <div class="cr-body" data-testid="chapter-text" lang={storyLang}>
          {items.length === 0 ? <p class="cr-empty">{t('noText')}</p> : null}
          {props.chunks && props.rendered
            ? props.chunks.map((c, k) =>
                props.rendered!.has(k) ? (
                  <ChunkView key={`c${k}`} chunk={c} version={props.version ?? 0} renderItem={chunkItems} />
                ) : (
                  <div
                    key={`p${k}`}
                    class="cr-pending"
                    aria-hidden="true"
                    {...{ [PENDING_ATTR]: String(k) }}
                    style={{ height: `${estimateChunkEm(c, props.settings.paragraphSpacing)}em` }}
                  />
                ),
              )
            : items.map(renderItem)}
        </div>
        {late ? (
          <late.EndOfChapter
            chapter={chapter}
            story={story}
            onNext={actions.next}
            onFollow={actions.follow}
            onSite={(url) => (actions.openOnSite ? actions.openOnSite(url) : undefined)}
          />
        ) : null}
        <nav class="cr-nav" aria-label={t('chapters')}>
          <ChapterLink dir="prev" url={chapter.prevUrl} onGo={actions.prev} place="bottom" sc={sc} />
          <ChapterLink dir="next" url={chapter.nextUrl} onGo={actions.next} place="bottom" sc={sc} />
        </nav>
      </article>
    </div>
  );
}
