/**
 * The work card at the top of a chapter: what the site says about the work. Rating, archive
 * warnings and categories are always visible (never folded away); fandoms, relationships,
 * characters and additional tags sit in a disclosure that the `tagsOpen` setting opens.
 */
import type { ComponentChildren } from 'preact';
import { workFacts } from '../../lib/reader/work';
import type { Chapter } from '../../lib/sites/types';
import { t } from '../../lib/i18n';

function Row({ name, id, children }: { name: string; id: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd data-testid={`card-${id}`}>{children}</dd>
    </>
  );
}

export function WorkCard({
  chapter,
  tagsOpen,
  onWorkNotes,
}: {
  chapter: Chapter;
  tagsOpen: boolean;
  /** Open the author's work notes (where warnings often are); absent when the work has none. */
  onWorkNotes?: (from: Element) => void;
}) {
  const f = workFacts(chapter);
  if (!f) return null;
  return (
    <section class="cr-card" data-testid="work-card" aria-label={t('aboutWork')}>
      <dl class="cr-card-facts">
        {f.always.map(([name, id, value]) => (
          <Row key={id} name={name} id={id}>
            {value}
          </Row>
        ))}
      </dl>
      {onWorkNotes ? (
        <button type="button" class="cr-btn cr-card-notes" data-testid="card-work-notes" onClick={(e) => onWorkNotes(e.currentTarget)}>
          {t('workNotesButton')}
        </button>
      ) : null}
      {f.tags.length ? (
        <details class="cr-card-tags" open={tagsOpen} data-testid="card-tag-list">
          <summary>{t('tagsCount', f.tagCount)}</summary>
          <dl class="cr-card-facts">
            {f.tags.map(([name, id, value]) => (
              <Row key={id} name={name} id={id}>
                {value}
              </Row>
            ))}
          </dl>
        </details>
      ) : null}
    </section>
  );
}
