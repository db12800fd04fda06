/**
 * The pipeline interpreter: {@link dev.trellis.workflows.engine.PipelineWorkflowImpl} compiles the
 * pinned PipelineDefinition of its {@code RunSnapshot} and runs the plan as one durable workflow.
 *
 * <h2>Shape</h2>
 * <ul>
 * <li>{@code RunLoop} owns every status transition on the main workflow thread; nodes execute on
 * their own workflow threads ({@code Async.procedure}), each in a {@code CancellationScope}, and only
 * report an outcome back.</li>
 * <li>{@code DagScheduler} resolves edges and decides readiness (the join rule below);
 * {@code EdgeRules} decides which edges a finished node takes.</li>
 * <li>One {@code NodeExecutor} per node type: tool (one activity), agent (child
 * {@code AgentWorkflow}), subpipeline (child {@code PipelineWorkflow}), human_review (the gate).
 * Routers decide inline.</li>
 * <li>{@code ApprovalBook} + {@code ApprovalGate}: every approval of the run, the {@code decide}
 * validator, and the durable wait with timeout, escalation and reminder timers.</li>
 * <li>{@code EventBuffer}: events batched into one {@code RunEventActivities.record} local activity
 * per loop iteration; {@code SearchAttributesPublisher}: {@code TrellisStatus} on every change.</li>
 * </ul>
 *
 * <h2>Join and skip rule</h2>
 * An edge is unresolved until its source ends, then taken or not. A node is ready when all its
 * incoming edges are resolved and at least one was taken; when all are resolved and none was taken
 * it is SKIPPED, which leaves its own outgoing edges untaken, so skipping propagates. Only a
 * COMPLETED node takes edges: unconditional ones, those whose condition holds, a router's single
 * chosen edge (first match in order, else its {@code else} edge), and for a rejected review only its
 * {@code when: rejected} edges. A node that failed with {@code continueOnError}, or was skipped, takes
 * none, and reads as {@code null} in downstream templates.
 *
 * <h2>Approvals: review nodes and tool calls</h2>
 * Approval ids are {@code <runId>:<nodeId>:<n>} for review nodes (n counts per node, so replay yields
 * the same ids). Decisions arrive as the {@code decide} update; its validator refuses unknown ids,
 * decided items, callers who are neither assignee ({@code user} or {@code group:<g>}) nor admin, and
 * malformed decisions, with a {@link dev.trellis.workflows.api.DecisionRejection} prefix in the
 * message so the gateway can answer 404, 409, 403 or 400. Tool-call approvals use the same book and
 * gate: an agent child started with the {@link dev.trellis.workflows.api.ToolApprovalHost} memo
 * signals {@code ToolApprovalRequested} with a {@code tool_call} {@code PendingApproval}; the run
 * lists it in {@code pendingApprovals}, opens the inbox item, waits for {@code decide} (a
 * {@code dueAt} becomes the gate's timeout, which rejects), closes the item and signals the child's
 * {@link dev.trellis.workflows.api.ToolApprovalListener} with the {@code DecisionRecord}. A repeated
 * request for an open item is ignored; for a decided one the decision is sent again.
 *
 * <h2>Ending</h2>
 * COMPLETED returns a {@code RunResult}; FAILED throws a non-retryable {@code ApplicationFailure}
 * (type of the failing node's error) and CANCELLED rethrows the {@code CanceledFailure}, so the
 * Temporal execution status matches {@code TrellisStatus}. Either way running nodes are cancelled,
 * nodes that never started are SKIPPED and open approvals are closed as {@code CANCELLED}; the
 * {@code state} query keeps answering after the end.
 */
package dev.trellis.workflows.engine;
