/** lib/i18n/catalog.ts: messages.json read as the browsers read it (placeholders, $1…$9, $$). */
import { describe, expect, it } from 'vitest';
import { formatMessage, placeholders, type Catalog } from '../../../lib/i18n/catalog';

const catalog: Catalog = {
  plain: { message: 'Hello' },
  count: { message: 'Showing $SHOWN$ of $Total$ stories', placeholders: { shown: { content: '$2' }, TOTAL: { content: '$1' } } },
  dollars: { message: 'Costs $$5 and $$$PRICE$', placeholders: { price: { content: '$1' } } },
  unknown: { message: 'Keep $NOPE$ as written' },
  fixed: { message: 'By $WHO$', placeholders: { who: { content: 'the author' } } },
  bad: { message: 42 as unknown as string },
};

describe('formatMessage', () => {
  it('answers the message as written when it has no placeholders', () => {
    expect(formatMessage(catalog, 'plain', [])).toBe('Hello');
  });

  it('puts the substitutions through the placeholders, names in any case, in the placeholders’ order', () => {
    expect(formatMessage(catalog, 'count', ['40', '12'])).toBe('Showing 12 of 40 stories');
  });

  it('reads $$ as a dollar sign', () => {
    expect(formatMessage(catalog, 'dollars', ['9'])).toBe('Costs $5 and $9');
  });

  it('leaves an undeclared placeholder as written, and a missing substitution empty', () => {
    expect(formatMessage(catalog, 'unknown', [])).toBe('Keep $NOPE$ as written');
    expect(formatMessage(catalog, 'count', ['40'])).toBe('Showing  of 40 stories');
  });

  it('uses a placeholder with fixed content', () => {
    expect(formatMessage(catalog, 'fixed', ['ignored'])).toBe('By the author');
  });

  it('does not expand a substitution that itself looks like a placeholder', () => {
    expect(formatMessage(catalog, 'count', ['$SHOWN$', '$1 $$'])).toBe('Showing $1 $$ of $SHOWN$ stories');
  });

  it("answers '' for a missing key, an inherited name, or a malformed entry", () => {
    expect(formatMessage(catalog, 'nope', [])).toBe('');
    expect(formatMessage(catalog, 'toString', [])).toBe('');
    expect(formatMessage(catalog, '__proto__', [])).toBe('');
    expect(formatMessage(catalog, 'bad', [])).toBe('');
    const withParent = Object.assign(Object.create({ inherited: { message: 'from the prototype' } }) as Catalog, catalog);
    expect(formatMessage(withParent, 'inherited', [])).toBe('');
    expect(formatMessage(withParent, 'plain', [])).toBe('Hello');
  });
});

describe('placeholders', () => {
  it('lists declared placeholders with their content and the ones the text uses, lower-cased and sorted', () => {
    expect(placeholders(catalog.count)).toEqual({ declared: ['shown=$2', 'total=$1'], used: ['shown', 'total'] });
    expect(placeholders(catalog.unknown)).toEqual({ declared: [], used: ['nope'] });
    expect(placeholders(catalog.plain)).toEqual({ declared: [], used: [] });
  });
});
