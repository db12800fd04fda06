/**
 * The agent node's plan-act-observe loop as deterministic workflow code: {@link
 * dev.trellis.workflows.agent.AgentWorkflowImpl} calls the model and the tools only through
 * activities ({@code LlmActivities}, {@code ToolActivities}, {@code MemoryActivities}) and reads
 * nothing but its input, so a replay after a crash takes the same decisions and never pays for a
 * finished call twice. Everything here is plain computation over the pinned entities: no clock, no
 * randomness, no I/O.
 */
package dev.trellis.workflows.agent;
