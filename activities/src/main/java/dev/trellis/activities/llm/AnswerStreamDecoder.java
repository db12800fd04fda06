package dev.trellis.activities.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams the text of a local model's {@code {"answer": "..."}} reply as it is generated, decoding
 * JSON string escapes on the fly, so live viewers see prose rather than JSON. A tool call
 * ({@code {"tool": ...}}) streams nothing: it is only meaningful once complete.
 */
final class AnswerStreamDecoder {

	private static final Pattern FIRST_KEY = Pattern.compile("\\s*\\{\\s*\"(\\w+)\"\\s*:\\s*(\")?");

	private final StringBuilder raw = new StringBuilder();

	/** Where the answer's characters start in {@link #raw}; -1 while unknown, -2 for a tool call. */
	private int start = -1;

	private int index;

	private boolean escape;

	private boolean done;

	private StringBuilder unicode;

	/** Feeds generated text; returns the newly decoded answer text, possibly empty. */
	String feed(String piece) {
		raw.append(piece);
		if (start == -1) {
			Matcher m = FIRST_KEY.matcher(raw);
			if (!m.lookingAt() || m.end() == raw.length() && m.group(2) == null) {
				return "";
			}
			start = "answer".equals(m.group(1)) && m.group(2) != null ? m.end() : -2;
			index = start;
		}
		if (start < 0 || done) {
			return "";
		}
		StringBuilder out = new StringBuilder();
		while (index < raw.length() && !done) {
			char c = raw.charAt(index++);
			if (unicode != null) {
				unicode.append(c);
				if (unicode.length() == 4) {
					out.append((char) Integer.parseInt(unicode.toString(), 16));
					unicode = null;
				}
			}
			else if (escape) {
				escape = false;
				switch (c) {
					case 'n' -> out.append('\n');
					case 't' -> out.append('\t');
					case 'r' -> out.append('\r');
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'u' -> unicode = new StringBuilder();
					default -> out.append(c);
				}
			}
			else if (c == '\\') {
				escape = true;
			}
			else if (c == '"') {
				done = true;
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
