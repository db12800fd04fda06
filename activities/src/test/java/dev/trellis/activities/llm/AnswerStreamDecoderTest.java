package dev.trellis.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerStreamDecoderTest {

	@Test
	void streamsTheAnswerTextDecodingEscapes() {
		AnswerStreamDecoder d = new AnswerStreamDecoder();
		StringBuilder out = new StringBuilder();
		for (String piece : new String[] { "{\"", "answer", "\": \"", "Line one\\n", "\\\"quoted\\\" \\u00e9", "\"}" }) {
			out.append(d.feed(piece));
		}
		assertThat(out.toString()).isEqualTo("Line one\n\"quoted\" é");
	}

	@Test
	void streamsNothingForAToolCall() {
		AnswerStreamDecoder d = new AnswerStreamDecoder();
		assertThat(d.feed("{\"tool\": \"calculator\", ") + d.feed("\"arguments\": {\"answer\": \"x\"}}")).isEmpty();
	}

}
