import { useEffect, useRef, type RefObject } from 'react';

/**
 * Moves focus to an element when it appears: a result that replaces the form
 * that produced it (an invite link after "create") would otherwise leave focus
 * on nothing, and a screen reader would not hear about it. The element needs
 * tabIndex={-1} if it is not focusable by itself.
 */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
