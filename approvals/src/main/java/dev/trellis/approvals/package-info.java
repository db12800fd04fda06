/**
 * The reviewer inbox: one PostgreSQL row per approval a run waits for, written only by the run's
 * approval activities ({@link dev.trellis.approvals.ApprovalActivitiesImpl}) and read by the gateway
 * through {@link dev.trellis.approvals.ApprovalInbox}. Reminders and escalations reach people through
 * a {@link dev.trellis.approvals.NotificationPort}. The model, the idempotency rules and who may
 * decide are described in this module's {@code README.md}.
 */
package dev.trellis.approvals;
