import type { ComponentProps, ReactNode } from 'react';
import { cn } from '../lib/cn.js';

/** A list of facts about one thing (an account, a credential): terms beside their values from 640 px, above them on a phone. */
export function Facts({ className, ...props }: ComponentProps<'dl'>) {
  return <dl className={cn('grid gap-2 text-sm', className)} {...props} />;
}

export function Fact({ term, children, className }: { term: string; children: ReactNode; className?: string }) {
  return (
    <div className={cn('grid gap-0.5 sm:grid-cols-[10rem_1fr] sm:gap-4', className)}>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0 wrap-anywhere">{children}</dd>
    </div>
  );
}
