import { useEffect, useState } from 'react';
import { isAssignee, useAuthStore, usePermissions } from '../auth/authStore';
import { DecisionPanel } from '../components/DecisionPanel';
import { Modal } from '../components/Modal';
import { useInboxStore } from '../inbox/inboxStore';
import { useRunStore } from './runStore';

/**
 * Opens the approval modal by itself when this run waits on a gate the viewer is assigned to.
 * The inbox (polled, and refreshed on `approval.requested`) says which items the viewer may
 * decide; an admin who is not named among the assignees gets a button instead of a pop-up.
 */
export function ApprovalWatcher({ runId }: { runId: string }) {
  const me = useAuthStore((s) => s.me);
  const { isAdmin, canReview } = usePermissions();
  const items = useInboxStore((s) => s.items);
  const refresh = useInboxStore((s) => s.refresh);
  const waiting = useRunStore((s) => s.state?.pendingApprovals.length ?? 0);
  const status = useRunStore((s) => s.state?.status);
  const [openId, setOpenId] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [decided, setDecided] = useState<string | null>(null);

  useEffect(() => {
    if (waiting || status === 'WAITING_FOR_APPROVAL') void refresh();
  }, [waiting, status, refresh]);

  const mine = items.filter((item) => item.runId === runId);
  const auto = mine.find((item) => !dismissed.has(item.approvalId) && (isAssignee(me, item.assignees) || !isAdmin));
  useEffect(() => {
    if (!openId && auto) setOpenId(auto.approvalId);
  }, [auto, openId]);

  const open = mine.find((item) => item.approvalId === openId) ?? null;
  if (!canReview && !mine.length) return null;
  return (
    <>
      {mine.length > 0 && !open && (
        <button type="button" className="btn btn-review" onClick={() => setOpenId(mine[0].approvalId)} data-testid="open-approval">
          Review pending approval ({mine.length})
        </button>
      )}
      {decided && (
        <span className="pill status-completed" role="status" data-testid="approval-decided">
          {decided}
        </span>
      )}
      <Modal
        open={!!open}
        title={open?.title || 'Approval needed'}
        testId="approval-modal"
        wide
        onClose={() => {
          if (openId) setDismissed(new Set([...dismissed, openId]));
          setOpenId(null);
        }}
      >
        {open && (
          <DecisionPanel
            key={open.approvalId}
            approval={open}
            onDecided={(result) => {
              setDecided(result ? `Decision sent: ${result.status.toLowerCase()}` : 'Decision sent');
              setDismissed(new Set([...dismissed, open.approvalId]));
              setOpenId(null);
            }}
          />
        )}
      </Modal>
    </>
  );
}
