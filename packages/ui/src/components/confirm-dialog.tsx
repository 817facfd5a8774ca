import type { ReactNode } from 'react';
import { FailureAlert } from '../forms/form-view.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Button } from '../primitives/button.js';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../primitives/dialog.js';

export interface ConfirmDialogProps {
  title: string;
  /** What will happen, in plain words; a form field (a typed confirmation) may go here too. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** Escape, "Go back", or the parent closing it after success. */
  onClose: () => void;
  /** The request is under way: both buttons wait for it, and Escape cannot hide its outcome. */
  busy?: boolean;
  /** Red confirm button, for what cannot be taken back or cuts people off. */
  danger?: boolean;
  confirmDisabled?: boolean;
  /** The failed attempt, shown inside the dialog so the person can try again or go back. */
  error?: unknown;
}

/** A modal question before an action with consequences; rendered only while open (the parent mounts it). */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose, busy = false, danger = false, confirmDisabled = false, error }: ConfirmDialogProps) {
  const { t } = useI18n();
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open && !busy) onClose();
      }}
    >
      <DialogContent closeLabel={t('shell.close')} hideClose={busy}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
        </DialogHeader>
        <DialogDescription asChild>
          <div className="grid gap-3 text-sm text-foreground">{children}</div>
        </DialogDescription>
        {error ? <FailureAlert error={error} /> : null}
        <DialogFooter>
          <Button variant="outline" disabled={busy} onClick={onClose}>
            {t('dialog.back')}
          </Button>
          <Button variant={danger ? 'destructive' : 'default'} disabled={busy || confirmDisabled} onClick={onConfirm}>
            {busy ? t('dialog.working') : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
