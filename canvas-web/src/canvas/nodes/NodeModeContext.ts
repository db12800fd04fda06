import { createContext, useContext } from 'react';

/** Nodes are drawn by the editor and by the Live Trace; only the latter shows run status. */
export type NodeMode = 'edit' | 'run';

export const NodeModeContext = createContext<NodeMode>('edit');

export const useNodeMode = () => useContext(NodeModeContext);
