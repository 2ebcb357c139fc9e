/** The toolbar badge: new chapters of followed stories (posted since the reader last saw them; never unread ones). */
import type { LibraryDB } from '../library/schema';
import { newTotal } from '../library/store';

export interface ActionLike {
  setBadgeText(details: { text: string }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string }): Promise<void> | void;
}

/** A muted slate blue: visible on light and dark toolbars, not alarming. */
export const BADGE_COLOR = '#4a5d7e';

export function badgeText(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return '';
  return unread > 999 ? '999+' : String(Math.floor(unread));
}

/** Recount and show; returns the count shown. */
export async function refreshBadge(db: LibraryDB, action: ActionLike): Promise<number> {
  const total = await newTotal(db);
  await action.setBadgeBackgroundColor({ color: BADGE_COLOR });
  await action.setBadgeText({ text: badgeText(total) });
  return total;
}
