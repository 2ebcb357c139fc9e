/** The small on-page control shown while the reader view is off. */
export function FloatingToggle({ onClick }: { onClick(): void }) {
  return (
    <button
      type="button"
      class="cr-toggle"
      data-testid="reader-toggle"
      aria-label="Open Calm Reader view"
      title="Open the reader view"
      onClick={onClick}
    >
      Reader view
    </button>
  );
}
