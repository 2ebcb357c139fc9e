import { useId } from 'preact/hooks';
import { t } from '../../lib/i18n';

export interface SwitchProps {
  label: string;
  checked: boolean;
  onChange(next: boolean): void;
  /** Visible words for the two states, e.g. ['Shown', 'Hidden']. */
  stateText?: [on: string, off: string];
  /** Extra text read after the label (aria-describedby). */
  description?: string;
  disabled?: boolean;
  testId?: string;
}

/** An on/off switch: a button with role="switch", labelled by visible text. */
export function Switch({ label, checked, onChange, stateText = [t('on'), t('off')], description, disabled, testId }: SwitchProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const descId = `${id}-desc`;
  return (
    <div class="cr-field cr-switch-field">
      <div class="cr-switch-text">
        <span id={labelId} class="cr-label">
          {label}
        </span>
        {description && (
          <span id={descId} class="cr-hint">
            {description}
          </span>
        )}
      </div>
      <button
        type="button"
        role="switch"
        class="cr-switch"
        aria-checked={checked}
        aria-labelledby={labelId}
        aria-describedby={description ? descId : undefined}
        disabled={disabled}
        data-testid={testId}
        onClick={() => onChange(!checked)}
      >
        <span class="cr-switch-state" aria-hidden="true">
          {checked ? stateText[0] : stateText[1]}
        </span>
        <span class="cr-switch-track" aria-hidden="true">
          <span class="cr-switch-thumb" />
        </span>
      </button>
    </div>
  );
}
