import { useEffect } from 'react';

/** Each page names itself in the tab and to assistive technology announcing navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · PrixAgent`;
  }, [title]);
}
