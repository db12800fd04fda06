/**
 * The agent runtime: Temporal activity implementations for model calls ({@code llm}), tool calls
 * ({@code tools}) and conversation memory ({@code memory}), with the guardrails they enforce
 * ({@code guardrails}), the secret port they resolve references through ({@code secrets}) and the
 * event port they report to ({@code events}). Activities are stateless Spring beans: everything a
 * call needs is in its payload or in a store. This package never depends on workflow
 * implementations, only on the contracts in {@code dev.trellis.workflows.api}.
 */
package dev.trellis.activities;
