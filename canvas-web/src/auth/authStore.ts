import { create } from 'zustand';
import { ApiError, readToken, setUnauthorizedListener, writeToken } from '../api/client';
import * as endpoints from '../api/endpoints';
import type { Me } from '../api/types';

type AuthStatus = 'signed-out' | 'checking' | 'signed-in';

interface AuthState {
  token: string | null;
  me: Me | null;
  status: AuthStatus;
  /** Why the user was sent back to sign-in, shown on the form. */
  notice: string | null;
  signIn: (token: string) => Promise<void>;
  restore: () => Promise<void>;
  signOut: (notice?: string) => void;
}

/**
 * The signed-in user. `GET /api/me` is not in API.md v1 yet; while a server lacks it (404) we
 * keep the token and let the server enforce roles on each request.
 */
async function fetchMe(token: string): Promise<Me> {
  try {
    const me = await endpoints.me(token);
    return { username: me.username, roles: me.roles ?? [], groups: me.groups ?? [] };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
      return { username: 'signed in', roles: [], groups: [] };
    }
    throw error;
  }
}

export const useAuthStore = create<AuthState>((set, get) => ({
  token: readToken(),
  me: null,
  status: readToken() ? 'checking' : 'signed-out',
  notice: null,
  signIn: async (token) => {
    const trimmed = token.trim();
    set({ status: 'checking', notice: null });
    try {
      const me = await fetchMe(trimmed);
      writeToken(trimmed);
      set({ token: trimmed, me, status: 'signed-in' });
    } catch (error) {
      set({ status: 'signed-out' });
      throw error;
    }
  },
  restore: async () => {
    const token = get().token;
    if (!token) {
      set({ status: 'signed-out' });
      return;
    }
    try {
      set({ me: await fetchMe(token), status: 'signed-in' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) get().signOut('Your session has ended. Sign in again.');
      else set({ status: 'signed-out', notice: (error as Error).message });
    }
  },
  signOut: (notice) => {
    writeToken(null);
    set({ token: null, me: null, status: 'signed-out', notice: notice ?? null });
  },
}));

setUnauthorizedListener(() => {
  if (useAuthStore.getState().token) useAuthStore.getState().signOut('Your token was not accepted (401). Sign in again.');
});

export interface Permissions {
  canEdit: boolean;
  canRun: boolean;
  canReview: boolean;
  isAdmin: boolean;
}

/**
 * What the UI offers. A server without `/api/me` yields no roles: the UI then offers everything
 * and the server's 403 is the final word.
 */
export function permissionsOf(me: Me | null): Permissions {
  const roles = me?.roles ?? [];
  const unknown = roles.length === 0;
  const isAdmin = roles.includes('admin');
  const builder = isAdmin || roles.includes('builder');
  return {
    isAdmin,
    canEdit: unknown || builder,
    canRun: unknown || builder,
    canReview: unknown || isAdmin || roles.includes('reviewer'),
  };
}

export function usePermissions(): Permissions {
  const me = useAuthStore((s) => s.me);
  return permissionsOf(me);
}

/** Whether the viewer is named among an approval's assignees (`ana`, `user:ana`, `group:editors`). */
export function isAssignee(me: Me | null, assignees: readonly string[] | undefined): boolean {
  if (!me || !assignees?.length) return false;
  return assignees.some((entry) => {
    if (entry === me.username || entry === `user:${me.username}`) return true;
    if (entry.startsWith('group:')) return me.groups.includes(entry.slice(6));
    if (entry.startsWith('role:')) return me.roles.includes(entry.slice(5));
    return false;
  });
}
