import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { OptionsApi } from '../../lib/options/api';
import {
  DEFAULT_LIST_SETTINGS,
  loadListSettings,
  RULE_FIELDS,
  saveListSettings,
  withDoneMode,
  withoutRule,
  withRule,
  doneModeOf,
  type DoneMode,
  type ListSettings,
  type RuleField,
} from '../../lib/lists/settings';

/** Every word of the section, in one place (from the catalogues: public/_locales). */
const T = {
  get heading() {
    return t('listsOptHeading');
  },
  get intro() {
    return t('listsOptIntro');
  },
  get done() {
    return t('listsOptDone');
  },
  get modes(): Record<DoneMode, string> {
    return { show: t('listsOptShow'), dim: t('listsOptDim'), hide: t('listsOptHide') };
  },
  get rules() {
    return t('listsOptRules');
  },
  get noRules() {
    return t('listsOptNoRules');
  },
  get site() {
    return t('listsOptSite');
  },
  get anySite() {
    return t('listsOptAnySite');
  },
  get field() {
    return t('listsOptField');
  },
  get fields(): Record<RuleField, string> {
    return { tag: t('listsOptTag'), author: t('listsOptAuthor'), language: t('listsOptLanguage'), crossover: t('listsOptCrossover') };
  },
  get value() {
    return t('listsOptValue');
  },
  get add() {
    return t('listsOptAddRule');
  },
  remove: (what: string) => t('listsOptRemoveRule', what),
  rule: (site: string, field: string, value: string | null) => (value === null ? t('listsOptRuleAny', [site, field]) : t('listsOptRuleValue', [site, field, value])),
  get loading() {
    return t('listsOptLoading');
  },
};

/** Sites whose list pages Calm Reader reads (lib/sites/lists.ts). */
const LIST_SITE_IDS = ['ao3', 'ffnet', 'fictionpress'];

export function ListsSection({ api }: { api: OptionsApi }) {
  const [s, setS] = useState<ListSettings | null>(null);
  const [site, setSite] = useState('*');
  const [field, setField] = useState<RuleField>('tag');
  const [value, setValue] = useState('');
  useEffect(() => {
    void loadListSettings(api.storage).then(setS, () => setS(DEFAULT_LIST_SETTINGS));
  }, [api]);
  const save = (next: ListSettings) => void saveListSettings(api.storage, next).then(setS);
  const name = (id: string) => api.sites.find(([i]) => i === id)?.[1] ?? id;
  const sites = LIST_SITE_IDS.filter((id) => api.sites.some(([i]) => i === id));
  return (
    <section class="lib-section" id="lists" aria-labelledby="opt-lists-h">
      <h2 id="opt-lists-h">{T.heading}</h2>
      <p class="lib-muted">{T.intro}</p>
      {!s ? (
        <p class="lib-muted">{T.loading}</p>
      ) : (
        <div class="lib-settings">
          <fieldset>
            <legend class="cr-label">{T.done}</legend>
            {sites.map((id) => (
              <label key={id} class="opt-row">
                {name(id)}{' '}
                <select data-testid={`lists-done-${id}`} value={doneModeOf(s, id)} onChange={(e) => save(withDoneMode(s, id, (e.target as HTMLSelectElement).value as DoneMode))}>
                  {(Object.keys(T.modes) as DoneMode[]).map((m) => (
                    <option key={m} value={m}>
                      {T.modes[m]}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend class="cr-label">{T.rules}</legend>
            {s.rules.length === 0 ? (
              <p class="lib-muted">{T.noRules}</p>
            ) : (
              <ul data-testid="lists-rules">
                {s.rules.map((r, i) => {
                  const what = T.rule(r.site === '*' ? T.anySite : name(r.site), T.fields[r.field], r.field === 'crossover' ? null : r.value);
                  return (
                    <li key={`${r.site}-${r.field}-${r.value}`}>
                      {what}{' '}
                      <button type="button" aria-label={T.remove(what)} onClick={() => save(withoutRule(s, i))}>
                        ×
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
            <form
              class="opt-row"
              onSubmit={(e) => {
                e.preventDefault();
                if (!value.trim() && field !== 'crossover') return;
                save(withRule(s, { site, field, value }));
                setValue('');
              }}
            >
              <label>
                {T.site}{' '}
                <select value={site} onChange={(e) => setSite((e.target as HTMLSelectElement).value)}>
                  <option value="*">{T.anySite}</option>
                  {sites.map((id) => (
                    <option key={id} value={id}>
                      {name(id)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {T.field}{' '}
                <select value={field} onChange={(e) => setField((e.target as HTMLSelectElement).value as RuleField)}>
                  {RULE_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {T.fields[f]}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {T.value}{' '}
                <input type="text" value={value} disabled={field === 'crossover'} onInput={(e) => setValue((e.target as HTMLInputElement).value)} maxLength={200} />
              </label>{' '}
              <button type="submit">{T.add}</button>
            </form>
          </fieldset>
        </div>
      )}
    </section>
  );
}
