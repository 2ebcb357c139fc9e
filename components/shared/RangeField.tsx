import { useId } from 'preact/hooks';

export interface RangeFieldProps {
  label: string;
  /** The − and + buttons' names ("Decrease text size", "Increase text size"). */
  less: string;
  more: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange(next: number): void;
  /** How the value is shown next to the label, e.g. v => `${v} px`. */
  format?: (v: number) => string;
  testId?: string;
}

function snap(v: number, min: number, max: number, step: number): number {
  const decimals = (String(step).split('.')[1] ?? '').length;
  const snapped = min + Math.round((v - min) / step) * step;
  return Number(Math.min(max, Math.max(min, snapped)).toFixed(decimals));
}

/** A labelled slider with its value shown and − / + buttons for exact steps. */
export function RangeField({ label, less, more, value, min, max, step, onChange, format = String, testId }: RangeFieldProps) {
  const id = useId();
  const shown = format(value);
  const set = (v: number) => {
    const next = snap(v, min, max, step);
    if (next !== value) onChange(next);
  };
  return (
    <div class="cr-field cr-range-field">
      <div class="cr-range-head">
        <label for={id} class="cr-label">
          {label}
        </label>
        <output for={id} class="cr-range-value" aria-live="off">
          {shown}
        </output>
      </div>
      <div class="cr-range-row">
        <button
          type="button"
          class="cr-step"
          aria-label={less}
          disabled={value <= min}
          onClick={() => set(value - step)}
        >
          −
        </button>
        <input
          id={id}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          aria-valuetext={shown}
          data-testid={testId}
          onInput={(e) => set(Number((e.currentTarget as HTMLInputElement).value))}
        />
        <button
          type="button"
          class="cr-step"
          aria-label={more}
          disabled={value >= max}
          onClick={() => set(value + step)}
        >
          +
        </button>
      </div>
    </div>
  );
}
