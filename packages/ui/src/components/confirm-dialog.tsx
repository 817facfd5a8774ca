import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import { RequestError } from './error-alert.js';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words; a form field (a typed confirmation) may go here too. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** Escape, "Go back", or the parent closing it after success. */
  onClose: () => void;
  /** The request is under way: both buttons wait for it. */
  busy?: boolean;
  /** Red confirm button, for what cannot be taken back or cuts people off. */
  danger?: boolean;
  confirmDisabled?: boolean;
  /** The failed attempt, shown inside the dialog so the person can try again or go back. */
  error?: unknown;
}

/**
 * A modal question before an action with consequences. Rendered only while it
 * is open (the parent mounts it); the native <dialog> gives focus trapping,
 * Escape and the backdrop without a library, and needs no inline style.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, busy = false, danger = false, confirmDisabled = false, error }: ConfirmDialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    // No close() in a cleanup: StrictMode's rehearsal unmount would queue a
    // "close" event that closes the real one. Unmounting removes it anyway.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="px-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        // Escape while the request runs would hide its outcome.
        if (busy) e.preventDefault();
      }}
      onClose={onClose}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="px-dialog__body">{children}</div>
      {error ? <RequestError error={error} /> : null}
      <div className="px-dialog__actions">
        <button type="button" className="px-button px-button--secondary" disabled={busy} onClick={onClose}>
          {t('dialog.back')}
        </button>
        <button type="button" className={danger ? 'px-button px-button--danger' : 'px-button'} disabled={busy || confirmDisabled} onClick={onConfirm}>
          {busy ? t('dialog.working') : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
