// The app's "are you sure?" before an import or save that takes away most of what a profile grants, or the ping:
// what would be lost, in words and by operation, and a way out that keeps the current rules.
const SHOWN = 8;

interface Props {
  /** The dialog's accessible name. */
  readonly label: string;
  readonly message: string;
  /** Operations (`METHOD /template`) no longer granted. */
  readonly lost: readonly string[];
  /** What the list of operations is (those lost by default). */
  readonly listLabel?: string;
  readonly confirmLabel: string;
  readonly cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmLoss({
  label,
  message,
  lost,
  listLabel = 'No longer granted',
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
}: Props) {
  return (
    <div className="bar confirm-loss" role="alertdialog" aria-label={label}>
      <p>
        <strong>Are you sure?</strong> {message.replace(/\.? Nothing was saved.*$/, '')}.
      </p>
      {lost.length > 0 && (
        <ul aria-label={listLabel}>
          {lost.slice(0, SHOWN).map((op) => (
            <li key={op}>
              <code>{op}</code>
            </li>
          ))}
          {lost.length > SHOWN && <li>and {lost.length - SHOWN} more</li>}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="primary" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
