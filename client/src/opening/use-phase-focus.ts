import type { TOpeningState } from '@bidhall/contracts';
import { type RefObject, useEffect, useRef } from 'react';

/**
 * When the opening moves to another phase, focus goes to the panel of what there is to do now
 * (the participant's own panel, or the outcome once the opening is over), if the user was working
 * in one of those panels or focus had gone nowhere: the keyboard then starts from the new step
 * instead of from where the page used to be. Focus anywhere else (an objection being typed) is
 * left alone; the hall's log announces the new phase to screen readers either way.
 */
export function usePhaseFocus(phase: TOpeningState, action: RefObject<HTMLElement | null>, outcome: RefObject<HTMLElement | null>): void {
  const seen = useRef(phase);
  useEffect(() => {
    if (seen.current === phase) return;
    seen.current = phase;
    const over = phase === 'CLOSED' || phase === 'FAILED';
    const target = (over ? outcome : action).current ?? action.current;
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (target && (lost || action.current?.contains(active) || outcome.current?.contains(active))) target.focus();
  }, [phase, action, outcome]);
}
