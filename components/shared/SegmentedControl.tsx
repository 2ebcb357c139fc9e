import { useId } from 'preact/hooks';
import type { Option } from './SelectField';

export interface SegmentedControlProps<T extends string> {
  legend: string;
  value: T;
  options: readonly Option<T>[];
  onChange(next: T): void;
  /** Each radio gets data-testid `${testIdPrefix}${value}`. */
  testIdPrefix?: string;
}

/** A radio group drawn as a row of segments; arrow keys move between options (native radios). */
export function SegmentedControl<T extends string>({ legend, value, options, onChange, testIdPrefix }: SegmentedControlProps<T>) {
  const name = useId();
  return (
    <fieldset class="cr-field cr-segmented">
      <legend class="cr-label">{legend}</legend>
      <div class="cr-segments">
        {options.map((o) => (
          <label key={o.value} class={`cr-segment${o.value === value ? ' is-checked' : ''}`} data-value={o.value}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={o.value === value}
              data-testid={testIdPrefix ? `${testIdPrefix}${o.value}` : undefined}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
