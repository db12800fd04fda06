import { create } from 'zustand';
import { toProblem } from '../api/client';
import { registry } from '../api/endpoints';
import type { ProblemDetail, RegistryKind, RegistryVersion } from '../api/types';

/** Latest version of every registry entity, per kind: the palette, pickers and upgrade badges read it. */
interface CatalogState {
  latest: Partial<Record<RegistryKind, Record<string, RegistryVersion>>>;
  loading: Partial<Record<RegistryKind, boolean>>;
  errors: Partial<Record<RegistryKind, ProblemDetail | null>>;
  load: (kind: RegistryKind, force?: boolean) => Promise<void>;
  remember: (version: RegistryVersion) => void;
}

export const useCatalogStore = create<CatalogState>((set, get) => ({
  latest: {},
  loading: {},
  errors: {},
  load: async (kind, force = false) => {
    if (get().loading[kind] || (!force && get().latest[kind])) return;
    set((s) => ({ loading: { ...s.loading, [kind]: true } }));
    try {
      const list = await registry.latest(kind);
      set((s) => ({
        latest: { ...s.latest, [kind]: Object.fromEntries(list.map((v) => [v.name, v])) },
        errors: { ...s.errors, [kind]: null },
      }));
    } catch (error) {
      set((s) => ({ errors: { ...s.errors, [kind]: toProblem(error) } }));
    } finally {
      set((s) => ({ loading: { ...s.loading, [kind]: false } }));
    }
  },
  remember: (version) =>
    set((s) => {
      const current = s.latest[version.kind]?.[version.name];
      if (current && current.version >= version.version) return s;
      return { latest: { ...s.latest, [version.kind]: { ...(s.latest[version.kind] ?? {}), [version.name]: version } } };
    }),
}));

/** The latest version number of one entity, or undefined while unknown. */
export function useLatestVersion(kind: RegistryKind | undefined, name: string | undefined): number | undefined {
  return useCatalogStore((s) => (kind && name ? s.latest[kind]?.[name]?.version : undefined));
}
