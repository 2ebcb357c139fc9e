/** The reader view: toolbar, chapter header, summary, text with collapsible author notes, chapter links. */
import { useState } from 'preact/hooks';
import { Component, type ComponentChildren, type Ref } from 'preact';
import { LIMITS, type ReaderSettings, type Theme } from '../../lib/settings';
import type { Block, Chapter } from '../../lib/sites/types';
import { SHORTCUTS } from '../../lib/reader/keyboard';
import type { NoteGroup, ReaderItem } from '../../lib/reader/notes';
import { markableAsNote, markableAsStory, type CorrectionLabel } from '../../lib/reader/corrections';
import type { ResolvedTheme } from '../../lib/reader/style';
import { estimateChunkEm, type Chunk } from '../../lib/reader/chunks';
import { PENDING_ATTR } from '../../lib/reader/position';
import { chapterHeading, chapterLine, repeatedHeadingBlock } from '../../lib/reader/work';
import { pageState, type StoryState } from '../../lib/reader/story-state';
import { WorkCard } from './WorkCard';
import { EndOfChapter } from './EndOfChapter';
import { ChapterList } from './ChapterList';
import { ViewSettings } from './ViewSettings';

export { chapterHeading };

export interface ReaderActions {
  exit(): void;
  prev(): void;
  next(): void;
  toggleNotes(): void;
  toggleNote(id: string): void;
  /** `event`: the input that asked for it; only trusted input (the reader's own) is persisted. */
  setTheme(theme: Theme, event?: Event): void;
  changeFontSize(delta: number, event?: Event): void;
  /** Correct the notes detector for these blocks; absent: the view offers no corrections. */
  correct?(indices: number[], label: CorrectionLabel, event?: Event): void;
  /** Change settings from the view's own panel. */
  patchSettings?(patch: Partial<ReaderSettings>, event?: Event): void;
  /** Go to another chapter of the story (chapter list). */
  goTo?(url: string): void;
  /** Open a link on the site's own page (kudos, comments, reviews). */
  openOnSite?(url: string): void;
  /** Follow / unfollow the story; absent: no library. */
  follow?(on: boolean, event?: Event): void;
}

export interface ReaderViewProps {
  chapter: Chapter;
  items: ReaderItem[];
  settings: ReaderSettings;
  theme: ResolvedTheme;
  /** Tab-level notes state (toolbar button). */
  notesShown: boolean;
  isNoteOpen(id: string): boolean;
  actions: ReaderActions;
  viewRef?: Ref<HTMLDivElement>;
  toolbarRef?: Ref<HTMLDivElement>;
  /**
   * Huge chapters: the items cut into chunks (lib/reader/chunks.ts) and which of them are rendered;
   * the others are placeholders of estimated height. Absent: every item is rendered.
   */
  chunks?: readonly Chunk[];
  rendered?: ReadonlySet<number>;
  /** Changes whenever anything but the rendered set changed (rendered chunks re-render only then). */
  version?: number;
  /** The chapter list, chapters read and follow state, once the library answered. */
  story?: StoryState;
  /** "About 12 min left in this chapter · …" (the controller keeps it current while scrolling). */
  timeLeft?: string | null;
}


const UNSURE_NOTE = "Calm Reader isn't sure this is an author's note";
const UNSURE_STORY = "Calm Reader isn't sure this is story text (it may be an author's note)";

export const MARK_NOTE = "This is an author's note";
export const MARK_STORY = 'This is story';

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
        <span class="cr-unsure" role="img" aria-label={UNSURE_STORY} title={UNSURE_STORY} data-testid="unsure">
          ?
        </span>
      ) : null}
      {onMarkNote ? (
        <button
          type="button"
          class="cr-mark"
          data-testid="mark-note"
          title="Tuck this paragraph away as an author's note, here and in every chapter of this story"
          onClick={onMarkNote}
        >
          {MARK_NOTE}
        </button>
      ) : null}
    </div>
  );
}

function NoteView({
  group,
  blocks,
  open,
  onToggle,
  onMarkStory,
}: {
  group: NoteGroup;
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
      aria-label={group.label}
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
        <span class="cr-note-label">{group.label}</span>
        {!open && group.preview ? <span class="cr-preview">{group.preview}</span> : null}
        {group.unsure ? (
          <span class="cr-unsure" role="img" aria-label={UNSURE_NOTE} title={UNSURE_NOTE} data-testid="unsure">
            ?
          </span>
        ) : null}
      </button>
      {onMarkStory ? (
        <button
          type="button"
          class="cr-mark"
          data-testid="mark-story"
          aria-label={`${MARK_STORY}: show this ${group.label.toLowerCase()} as story text`}
          title="Show this as story text, here and in every chapter of this story"
          onClick={onMarkStory}
        >
          {MARK_STORY}
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

function ChapterLink({ dir, url, onGo, place }: { dir: 'prev' | 'next'; url: string | null; onGo(): void; place: string }) {
  const label = dir === 'prev' ? 'Previous chapter' : 'Next chapter';
  const short = dir === 'prev' ? 'Previous' : 'Next';
  const sc = SHORTCUTS[dir];
  if (!url) {
    return (
      <a class="cr-btn" data-testid={`${dir}-chapter`} data-place={place} aria-disabled="true" role="link" aria-label={`${label} (none)`}>
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
      title={`${label} (${sc.keys})`}
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

function Toolbar(props: ReaderViewProps & { panel: Panel; setPanel(p: Panel): void; story: StoryState }) {
  const { chapter, settings, notesShown, actions, toolbarRef, panel, setPanel, story } = props;
  const noteCount = props.items.filter((i) => i.type === 'note').length;
  const fs = LIMITS.fontSize;
  return (
    <div class="cr-toolbar" role="group" aria-label="Reader controls" ref={toolbarRef} data-testid="toolbar">
      <button
        type="button"
        class="cr-btn"
        data-testid="back-to-site"
        aria-label="Back to site"
        aria-keyshortcuts={SHORTCUTS.exit.aria}
        title={`Back to the site's page (${SHORTCUTS.exit.keys})`}
        onClick={actions.exit}
      >
        <span aria-hidden="true">✕</span>
        <span class="cr-label-long"> Back to site</span>
      </button>
      <span class="cr-group">
        <ChapterLink dir="prev" url={chapter.prevUrl} onGo={actions.prev} place="top" />
        <ChapterLink dir="next" url={chapter.nextUrl} onGo={actions.next} place="top" />
      </span>
      {story.toc.length > 1 ? (
        <button
          type="button"
          class="cr-btn"
          data-testid="chapters-toggle"
          aria-expanded={panel === 'chapters' ? 'true' : 'false'}
          aria-label="Chapters"
          title="Chapter list"
          onClick={() => setPanel(panel === 'chapters' ? null : 'chapters')}
        >
          <span aria-hidden="true">☰</span>
          <span class="cr-label-long">Chapters</span>
        </button>
      ) : null}
      <span class="cr-spacer" />
      {actions.follow && story.followed !== null ? (
        <button
          type="button"
          class="cr-btn"
          data-testid="view-follow"
          aria-pressed={story.followed ? 'true' : 'false'}
          aria-label="Follow"
          title="Follow: new chapters show on the toolbar icon"
          onClick={(e) => actions.follow!(!story.followed, e)}
        >
          <span aria-hidden="true">{story.followed ? '★' : '☆'}</span>
          <span class="cr-label-long">{story.followed ? 'Following' : 'Follow'}</span>
        </button>
      ) : null}
      <button
        type="button"
        class="cr-btn"
        data-testid="notes-toggle"
        aria-pressed={notesShown ? 'true' : 'false'}
        aria-keyshortcuts={SHORTCUTS['toggle-notes'].aria}
        title={`Show or hide all author's notes (${SHORTCUTS['toggle-notes'].keys})`}
        disabled={noteCount === 0}
        onClick={actions.toggleNotes}
      >
        Notes<span class="cr-label-long">{noteCount ? ` (${noteCount})` : ''}</span>
      </button>
      <span class="cr-group cr-sizes" role="group" aria-label="Text size">
        <button
          type="button"
          class="cr-btn"
          data-testid="font-smaller"
          aria-label="Smaller text"
          title="Smaller text"
          disabled={settings.fontSize <= fs.min}
          onClick={(e) => actions.changeFontSize(-fs.step, e)}
        >
          A−
        </button>
        <button
          type="button"
          class="cr-btn"
          data-testid="font-larger"
          aria-label="Larger text"
          title="Larger text"
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
          aria-label="Text settings"
          title="Text settings: width, line height, spacing, font, theme"
          onClick={() => setPanel(panel === 'settings' ? null : 'settings')}
        >
          Aa
        </button>
      ) : null}
      {panel === 'settings' && actions.patchSettings ? <ViewSettings settings={settings} patch={actions.patchSettings} /> : null}
    </div>
  );
}

function Summary({ text }: { text: string }) {
  const [open, setOpen] = useState(true);
  return (
    <section class="cr-summary" data-testid="summary" aria-label="Summary">
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
        Summary
      </button>
      <p class="cr-summary-text" id="cr-summary-text" hidden={!open}>
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
  const story = props.story ?? pageState(chapter);
  const repeated = repeatedHeadingBlock(chapter);
  // The notes that carry warnings: the work's notes, else the chapter's notes before the text.
  const notes = items.filter((i): i is NoteGroup => i.type === 'note');
  const workNotes = notes.find((g) => g.label === 'Work notes') ?? notes.find((g) => g.label === 'Chapter notes');
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
      aria-label={`Calm Reader: ${chapter.title}`}
      aria-keyshortcuts="ArrowLeft ArrowRight N Escape"
    >
      <Toolbar {...props} panel={panel} setPanel={setPanel} story={story} />
      {panel === 'chapters' ? (
        <ChapterList
          story={story}
          currentId={chapter.chapterId}
          onGo={(url) => (actions.goTo ? actions.goTo(url) : undefined)}
          onClose={() => setPanel(null)}
        />
      ) : null}
      <article class="cr-article">
        <header class="cr-header">
          <p class="cr-story-title" data-testid="story-title">
            <a href={chapter.storyUrl}>{chapter.title}</a>
          </p>
          <p class="cr-author" data-testid="author">
            {chapter.author ? `by ${chapter.author}` : 'Anonymous'}
          </p>
          <h1 class="cr-chapter-title" data-testid="chapter-title">
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
          {chapter.summary ? <Summary text={chapter.summary} /> : null}
        </header>
        <div class="cr-body" data-testid="chapter-text">
          {items.length === 0 ? <p class="cr-empty">This chapter has no text.</p> : null}
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
        <EndOfChapter
          chapter={chapter}
          story={story}
          onNext={actions.next}
          onFollow={actions.follow}
          onSite={(url) => (actions.openOnSite ? actions.openOnSite(url) : undefined)}
        />
        <nav class="cr-nav" aria-label="Chapters">
          <ChapterLink dir="prev" url={chapter.prevUrl} onGo={actions.prev} place="bottom" />
          <ChapterLink dir="next" url={chapter.nextUrl} onGo={actions.next} place="bottom" />
        </nav>
      </article>
    </div>
  );
}
