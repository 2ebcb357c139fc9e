/**
 * Issue 21: no component renders a literal English word. Every .tsx under components/ is parsed
 * with the TypeScript compiler; these fail the test when they hold a letter:
 * - JSX text (`<p>Loading…</p>`),
 * - a string or template literal given to a text attribute (aria-label, title, placeholder, alt,
 *   label, legend, description, hint, stateText…) or shown as a child (`{busy ? 'Checking…' : …}`),
 * - a `label:` / `title:` / `hint:` … property set to such a literal (option lists).
 * Words must come from lib/i18n (t / tn), which reads public/_locales. Literals passed to a call
 * (t('key'), keys, class names) and compared (`e.key === 'Enter'`) are not shown, so they pass;
 * so do punctuation, numbers and symbols (→, ★, ·, %), and the font-size glyphs below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
/** Not words: the toolbar's type-size glyphs, and the scheme a server address starts with. */
const ALLOWED = new Set(['Aa', 'A−', 'A+', 'https://']);
const TEXT_ATTRS = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'legend', 'description', 'hint', 'stateText', 'message', 'less', 'more']);
const TEXT_PROPS = new Set(['label', 'legend', 'title', 'hint', 'description', 'placeholder', 'message', 'text']);

const hasWord = (s: string) => /\p{L}/u.test(s) && !ALLOWED.has(s.trim());

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.tsx') ? [p] : [];
  });
}

/** The literal's shown text: a string, or a template's literal parts. */
function literalText(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** Literals an expression can evaluate to (conditional branches, && / ??/ || right sides, arrays, parentheses). */
function shownLiterals(e: ts.Expression | undefined, out: ts.Node[] = []): ts.Node[] {
  if (!e) return out;
  if (literalText(e) !== null) out.push(e);
  else if (ts.isParenthesizedExpression(e)) shownLiterals(e.expression, out);
  else if (ts.isConditionalExpression(e)) {
    shownLiterals(e.whenTrue, out);
    shownLiterals(e.whenFalse, out);
  } else if (ts.isBinaryExpression(e) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(e.operatorToken.kind)) {
    shownLiterals(e.left, out);
    shownLiterals(e.right, out);
  } else if (ts.isArrayLiteralExpression(e)) e.elements.forEach((x) => shownLiterals(x as ts.Expression, out));
  else if (ts.isTemplateExpression(e)) out.push(e);
  return out;
}

export function literalsIn(path: string, source = readFileSync(path, 'utf8')): string[] {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (n: ts.Node, text: string) => {
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
    found.push(`${relative(ROOT, path)}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && hasWord(n.text)) report(n, n.text);
    if (ts.isJsxAttribute(n) && TEXT_ATTRS.has(n.name.getText(sf)) && n.initializer) {
      const init = n.initializer;
      if (ts.isStringLiteral(init) && hasWord(init.text)) report(init, init.text);
      if (ts.isJsxExpression(init)) for (const l of shownLiterals(init.expression)) if (hasWord(literalText(l)!)) report(l, literalText(l)!);
    }
    if (ts.isJsxExpression(n) && n.parent && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent))) {
      for (const l of shownLiterals(n.expression)) if (hasWord(literalText(l)!)) report(l, literalText(l)!);
    }
    if (ts.isPropertyAssignment(n) && TEXT_PROPS.has(n.name.getText(sf))) {
      for (const l of shownLiterals(n.initializer)) if (hasWord(literalText(l)!)) report(l, literalText(l)!);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('no literal words in components', () => {
  it('every .tsx under components/ takes its words from lib/i18n', () => {
    const all = files(join(ROOT, 'components')).flatMap((f) => literalsIn(f));
    expect(all).toEqual([]);
  });

  it('the scan finds what it is for', () => {
    const bad = `
      const opts = [{ value: 'a', label: 'Merge' }];
      export const X = ({ busy }: { busy: boolean }) => (
        <div aria-label="Reader controls" title={\`Back (\${k})\`}>
          Loading…
          {busy ? 'Checking…' : t('check')}
          <span>{'→'} {n} · 3</span>
          <input placeholder={cond && 'Title'} data-testid="search-box" class="lib-input" />
        </div>
      );`;
    const found = literalsIn(join(ROOT, 'components/x.tsx'), bad).map((l) => l.replace(/^[^:]+:\d+: /, ''));
    expect(found.sort()).toEqual(['"Back ( )"', '"Checking…"', '"Loading…"', '"Merge"', '"Reader controls"', '"Title"'].sort());
  });
});
