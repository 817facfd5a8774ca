import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

export const badgeVariants = cva('inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium [&_svg]:size-3', {
  variants: {
    tone: {
      ok: 'border-transparent bg-success-muted text-success',
      warn: 'border-transparent bg-warning-muted text-warning',
      bad: 'border-transparent bg-danger-muted text-destructive',
      muted: 'border-transparent bg-muted text-muted-foreground',
      outline: 'text-foreground',
    },
  },
  defaultVariants: { tone: 'muted' },
});

export type BadgeTone = NonNullable<VariantProps<typeof badgeVariants>['tone']>;

/** Colour is never the only signal: a badge always carries its word. */
export function Badge({ className, tone, ...props }: ComponentProps<'span'> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />;
}
