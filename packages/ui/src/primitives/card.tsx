import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

export function Card({ className, ...props }: ComponentProps<'section'>) {
  return <section className={cn('flex flex-col gap-4 rounded-xl border bg-card p-4 text-card-foreground shadow-xs sm:p-6', className)} {...props} />;
}

export function CardHeader({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex flex-wrap items-start justify-between gap-2', className)} {...props} />;
}

export function CardTitle({ className, ...props }: ComponentProps<'h2'>) {
  return <h2 className={cn('text-base font-semibold leading-tight', className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('text-sm text-muted-foreground', className)} {...props} />;
}
