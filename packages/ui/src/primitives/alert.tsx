import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

const alertVariants = cva('relative grid w-full gap-1 rounded-lg border px-4 py-3 text-sm [&>svg]:absolute [&>svg]:left-4 [&>svg]:top-3.5 [&>svg]:size-4 [&>svg~*]:pl-7', {
  variants: {
    variant: {
      info: 'bg-card text-card-foreground',
      warning: 'border-warning/40 bg-warning-muted text-foreground [&>svg]:text-warning',
      destructive: 'border-destructive/40 bg-danger-muted text-foreground [&>svg]:text-destructive',
      success: 'border-success/40 bg-success-muted text-foreground [&>svg]:text-success',
    },
  },
  defaultVariants: { variant: 'info' },
});

/** A notice in the flow of the page; `role` is the caller's choice (`alert` for what just went wrong, `status` for news). */
export function Alert({ className, variant, ...props }: ComponentProps<'div'> & VariantProps<typeof alertVariants>) {
  return <div className={cn(alertVariants({ variant }), className)} {...props} />;
}

export function AlertTitle({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('font-medium leading-tight', className)} {...props} />;
}

export function AlertDescription({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('grid gap-2 text-sm [&_p]:leading-relaxed', className)} {...props} />;
}
