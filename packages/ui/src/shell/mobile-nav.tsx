import type { ReactNode, RefObject } from 'react';
import { Dialog, SheetContent } from '../primitives/dialog.js';

export interface MobileNavProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  closeLabel: string;
  /** The menu button, which gets the focus back when the drawer closes. */
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  children: ReactNode;
}

/**
 * The navigation drawer under 768 px: a Radix dialog from the left, so focus
 * stays inside while it is open and Escape closes it. It has no Radix trigger
 * (the shell's button opens it, so the dialog's code can load only when the
 * drawer is first wanted), and hands the focus back to that button itself.
 */
export function MobileNav({ open, onOpenChange, title, closeLabel, returnFocusTo, children }: MobileNavProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <SheetContent
        side="left"
        title={title}
        closeLabel={closeLabel}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocusTo.current?.focus();
        }}
      >
        {children}
      </SheetContent>
    </Dialog>
  );
}
