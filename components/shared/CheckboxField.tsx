import { useId } from 'preact/hooks';

export interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange(next: boolean): void;
  hint?: string;
  testId?: string;
}

export function CheckboxField({ label, checked, onChange, hint, testId }: CheckboxFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div class="cr-field cr-checkbox-field">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={hint ? hintId : undefined}
        data-testid={testId}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <div>
        <label for={id} class="cr-label">
          {label}
        </label>
        {hint && (
          <span id={hintId} class="cr-hint">
            {hint}
          </span>
        )}
      </div>
    </div>
  );
}
