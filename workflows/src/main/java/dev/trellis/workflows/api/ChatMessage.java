package dev.trellis.workflows.api;

import java.util.List;

/**
 * One message of a conversation, provider-neutral.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; may be empty for an assistant message that only calls tools
 * @param toolCalls the tools an assistant message asked for
 * @param toolCallId for a {@code tool} message: the id of the call it answers
 * @param toolName for a {@code tool} message: the tool that produced it
 */
public record ChatMessage(String role, String content, List<ToolInvocation> toolCalls, String toolCallId,
		String toolName) {

	public static final String SYSTEM = "system";

	public static final String USER = "user";

	public static final String ASSISTANT = "assistant";

	public static final String TOOL = "tool";

	public ChatMessage {
		toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
		content = content == null ? "" : content;
	}

	public static ChatMessage system(String content) {
		return new ChatMessage(SYSTEM, content, List.of(), null, null);
	}

	public static ChatMessage user(String content) {
		return new ChatMessage(USER, content, List.of(), null, null);
	}

	public static ChatMessage assistant(String content) {
		return new ChatMessage(ASSISTANT, content, List.of(), null, null);
	}

	public static ChatMessage assistant(String content, List<ToolInvocation> toolCalls) {
		return new ChatMessage(ASSISTANT, content, toolCalls, null, null);
	}

	public static ChatMessage tool(String toolCallId, String toolName, String content) {
		return new ChatMessage(TOOL, content, List.of(), toolCallId, toolName);
	}

}
