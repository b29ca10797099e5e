import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormFieldView, FormValue } from '../../../src-main/contract';

/** How long typing must pause before a field's text goes to main. */
export const FIELD_SEND_DELAY_MS = 400;

/** Sends one field's value to main; resolves once main answered. */
export type SendField = (fieldId: string, value: FormValue) => Promise<unknown>;
/** Sends what a field holds unsent now; the panel calls every field's before "Send". */
export type Flush = () => Promise<void>;

/**
 * A field's value on the page while the agent works on it. The page shows what the agent entered,
 * not main's answer to an earlier keystroke: while a change is unsent or on its way, or while the
 * agent types in the field, main's value does not replace the text (nor move the caret). Once
 * nothing is on its way and the agent left the field, main's value is shown (say, an IBAN in
 * capitals without spaces, or a value emptied because its condition no longer holds).
 */
export function useFieldDraft(field: FormFieldView, send: SendField, register: (flush: Flush) => () => void, typed: boolean) {
  const [local, setLocal] = useState<FormValue>(field.value);
  const latest = useRef(field.value);
  latest.current = field.value;
  const unsent = useRef<{ value: FormValue } | null>(null);
  const inFlight = useRef(0);
  const sending = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const focused = useRef(false);

  const adopt = useCallback(() => {
    if (inFlight.current === 0 && unsent.current === null && !(typed && focused.current)) setLocal(latest.current);
  }, [typed]);

  useEffect(adopt, [field.value, adopt]);

  const flush = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const pending = unsent.current;
    if (pending !== null) {
      unsent.current = null;
      inFlight.current += 1;
      sending.current = send(field.id, pending.value).finally(() => {
        inFlight.current -= 1;
        adopt();
      });
    }
    await sending.current;
  }, [adopt, field.id, send]);

  useEffect(() => register(flush), [register, flush]);
  // A change typed just before the panel closed (Escape, another form) is still sent.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => void flushRef.current(), []);

  /** The agent changed the value: typed text is sent once typing pauses, anything else at once. */
  const change = (value: FormValue, wait = typed) => {
    setLocal(value);
    unsent.current = { value };
    if (timer.current !== null) clearTimeout(timer.current);
    if (wait) timer.current = setTimeout(() => void flush(), FIELD_SEND_DELAY_MS);
    else void flush();
  };

  const onFocus = () => {
    focused.current = true;
  };
  const onBlur = () => {
    focused.current = false;
    void flush().then(adopt);
  };

  return { local, change, flush, onFocus, onBlur };
}
