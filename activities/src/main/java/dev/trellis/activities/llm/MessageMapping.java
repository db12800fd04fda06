package dev.trellis.activities.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.ChatMessage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;

/**
 * Turns Trellis's provider-neutral messages into Spring AI messages. Consecutive tool answers
 * become one {@link ToolResponseMessage}, which is what providers expect after an assistant turn
 * with several tool calls. Every text passes through {@code text} (the PII mask) on its way out.
 */
final class MessageMapping {

	private MessageMapping() {
	}

	static List<Message> toSpringAi(List<ChatMessage> messages, UnaryOperator<String> text) {
		List<Message> out = new ArrayList<>();
		List<ToolResponseMessage.ToolResponse> pendingToolAnswers = new ArrayList<>();
		for (ChatMessage m : messages) {
			if (!ChatMessage.TOOL.equals(m.role()) && !pendingToolAnswers.isEmpty()) {
				out.add(ToolResponseMessage.builder().responses(List.copyOf(pendingToolAnswers)).build());
				pendingToolAnswers.clear();
			}
			switch (m.role()) {
				case ChatMessage.SYSTEM -> out.add(new SystemMessage(text.apply(m.content())));
				case ChatMessage.ASSISTANT -> out.add(AssistantMessage.builder()
					.content(text.apply(m.content()))
					.toolCalls(m.toolCalls()
						.stream()
						.map(c -> new AssistantMessage.ToolCall(c.id(), "function", c.name(),
								text.apply(argumentsText(c.arguments()))))
						.toList())
					.build());
				case ChatMessage.TOOL -> pendingToolAnswers
					.add(new ToolResponseMessage.ToolResponse(m.toolCallId(), m.toolName(), text.apply(m.content())));
				default -> out.add(new UserMessage(text.apply(m.content())));
			}
		}
		if (!pendingToolAnswers.isEmpty()) {
			out.add(ToolResponseMessage.builder().responses(List.copyOf(pendingToolAnswers)).build());
		}
		return out;
	}

	/** Arguments as the provider expects them: JSON text, or the model's own malformed text. */
	static String argumentsText(JsonNode arguments) {
		if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
			return "{}";
		}
		return arguments.isTextual() ? arguments.asText() : arguments.toString();
	}

}
