import { create } from 'zustand';
import type { RunState } from './runState';

/** The run shown in the Live Trace (live or replayed) and the node selected in it. */
interface RunViewState {
  state: RunState | null;
  selectedNodeId: string | null;
  setState: (state: RunState | null) => void;
  update: (update: (state: RunState) => RunState) => void;
  selectNode: (id: string | null) => void;
}

export const useRunStore = create<RunViewState>((set) => ({
  state: null,
  selectedNodeId: null,
  setState: (state) => set({ state }),
  update: (update) => set((s) => (s.state ? { state: update(s.state) } : s)),
  selectNode: (id) => set({ selectedNodeId: id }),
}));
