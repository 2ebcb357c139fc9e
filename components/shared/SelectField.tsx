import { useId } from 'preact/hooks';

export interface Option<T extends string> {
  value: T;
  label: string;
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange(next: T): void;
  testId?: string;
}

export function SelectField<T extends string>({ label, value, options, onChange, testId }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div class="cr-field cr-select-field">
      <label for={id} class="cr-label">
        {label}
      </label>
      <select
        id={id}
        class="cr-select"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
