import { create } from 'zustand';
import { toProblem } from '../api/client';
import { approvals } from '../api/endpoints';
import type { Approval, ProblemDetail } from '../api/types';

export const INBOX_POLL_MS = 4000;

interface InboxState {
  items: Approval[];
  loaded: boolean;
  error: ProblemDetail | null;
  refresh: () => Promise<void>;
  /** Drops a decided item at once, before the next poll confirms it. */
  forget: (approvalId: string) => void;
  reset: () => void;
}

let inFlight: Promise<void> | null = null;

export const useInboxStore = create<InboxState>((set) => ({
  items: [],
  loaded: false,
  error: null,
  refresh: () => {
    if (inFlight) return inFlight;
    inFlight = approvals
      .pending()
      .then((items) => set({ items: items.filter((item) => !item.status || item.status === 'PENDING'), loaded: true, error: null }))
      .catch((error: unknown) => set({ error: toProblem(error), loaded: true }))
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  },
  forget: (approvalId) => set((s) => ({ items: s.items.filter((item) => item.approvalId !== approvalId) })),
  reset: () => set({ items: [], loaded: false, error: null }),
}));

/** Polls the inbox while signed in; every tab's badge and list read the same store. */
export function startInboxPolling(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') await useInboxStore.getState().refresh();
    if (!stopped) timer = setTimeout(tick, INBOX_POLL_MS);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
