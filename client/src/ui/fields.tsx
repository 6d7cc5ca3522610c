import { type InputHTMLAttributes, type ReactNode, useId } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

/**
 * A labelled, controlled text input with an optional hint read out with it, and an error that
 * marks it invalid and is read out too.
 */
export function InputField({
  label,
  hint,
  error,
  value,
  onChange,
  className,
  ...input
}: InputProps & { label: string; hint?: ReactNode; error?: ReactNode; value: string; onChange(value: string): void }) {
  const id = useId();
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** Yuan with at most two decimals, as the platform's money fields take them. */
export const MONEY_PATTERN = String.raw`(0|[1-9]\d{0,13})(\.\d{1,2})?`;
