package dev.trellis.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Splits a condition expression into tokens; see {@link Condition} for the language. */
final class ConditionLexer {

	/** Numbers beyond this many digits or this exponent are refused so comparisons stay cheap. */
	private static final int MAX_NUMBER_SCALE = 1000;

	enum Kind {

		NUMBER, STRING, PATH, WORD, SYMBOL, END

	}

	/**
	 * One token: {@code value} is the JSON literal of numbers and strings, the reference of
	 * paths, and {@code null} otherwise.
	 */
	record Token(Kind kind, String text, int position, Object value) {

		boolean is(String symbol) {
			return (this.kind == Kind.SYMBOL || this.kind == Kind.WORD) && this.text.equals(symbol);
		}

		String describe() {
			return (this.kind == Kind.END) ? "the end of the condition" : "'" + this.text + "'";
		}

	}

	private final String text;

	private final List<Token> tokens = new ArrayList<>();

	private int pos;

	private ConditionLexer(String text) {
		this.text = text;
	}

	static List<Token> tokenize(String text) {
		ConditionLexer lexer = new ConditionLexer(text);
		lexer.run();
		return lexer.tokens;
	}

	private void run() {
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			if (Character.isWhitespace(c)) {
				this.pos++;
			}
			else if (this.text.startsWith("{{", this.pos)) {
				bracedPath();
			}
			else if (isWordStart(c)) {
				word();
			}
			else if (startsNumber(c)) {
				number();
			}
			else if (c == '"' || c == '\'') {
				string(c);
			}
			else {
				symbol(c);
			}
		}
		this.tokens.add(new Token(Kind.END, "", this.text.length(), null));
	}

	private void bracedPath() {
		int start = this.pos;
		int inner = skipSpace(start + 2);
		ValuePath.Parsed parsed = path(inner);
		int close = skipSpace(parsed.end());
		if (!this.text.startsWith("}}", close)) {
			throw error("'}}' to close the '{{' at column " + (start + 1), close);
		}
		this.pos = close + 2;
		this.tokens.add(new Token(Kind.PATH, this.text.substring(start, this.pos), start, parsed.ref()));
	}

	private void word() {
		int start = this.pos;
		int end = start;
		while (end < this.text.length() && (isWordStart(this.text.charAt(end)) || isDigit(this.text.charAt(end)))) {
			end++;
		}
		String word = this.text.substring(start, end);
		boolean pathRoot = TemplateRef.NODES.equals(word) || TemplateRef.INPUTS.equals(word);
		if (pathRoot && end < this.text.length() && this.text.charAt(end) == '.') {
			ValuePath.Parsed parsed = path(start);
			this.pos = parsed.end();
			this.tokens.add(new Token(Kind.PATH, this.text.substring(start, this.pos), start, parsed.ref()));
			return;
		}
		this.pos = end;
		this.tokens.add(new Token(Kind.WORD, word, start, null));
	}

	private ValuePath.Parsed path(int start) {
		try {
			return ValuePath.parse(this.text, start);
		}
		catch (ValuePath.SyntaxError ex) {
			throw error(ex.expected(), ex.position());
		}
	}

	/** Whether a number starts here; a minus sign only counts before a digit, as there is no subtraction. */
	private boolean startsNumber(char c) {
		boolean next = this.pos + 1 < this.text.length() && isDigit(this.text.charAt(this.pos + 1));
		return isDigit(c) || (c == '-' && next);
	}

	private void number() {
		int start = this.pos;
		int i = start;
		if (this.text.charAt(i) == '-') {
			i++;
		}
		i = digits(i, "a digit");
		if (i < this.text.length() && this.text.charAt(i) == '.') {
			i = digits(i + 1, "a digit after the decimal point");
		}
		if (i < this.text.length() && (this.text.charAt(i) == 'e' || this.text.charAt(i) == 'E')) {
			i++;
			if (i < this.text.length() && (this.text.charAt(i) == '+' || this.text.charAt(i) == '-')) {
				i++;
			}
			i = digits(i, "a digit in the exponent");
		}
		String literal = this.text.substring(start, i);
		BigDecimal value;
		try {
			value = new BigDecimal(literal);
		}
		catch (NumberFormatException ex) {
			throw new ConditionException("number " + literal + " at column " + (start + 1) + " is out of range", start);
		}
		if (Math.abs(value.scale()) > MAX_NUMBER_SCALE || value.precision() > MAX_NUMBER_SCALE) {
			throw new ConditionException("number " + literal + " at column " + (start + 1) + " is out of range", start);
		}
		this.pos = i;
		this.tokens.add(new Token(Kind.NUMBER, literal, start, DecimalNode.valueOf(value)));
	}

	private int digits(int from, String expected) {
		int i = from;
		while (i < this.text.length() && isDigit(this.text.charAt(i))) {
			i++;
		}
		if (i == from) {
			throw error(expected, from);
		}
		return i;
	}

	private void string(char quote) {
		int start = this.pos;
		StringBuilder value = new StringBuilder();
		int i = start + 1;
		while (true) {
			if (i >= this.text.length()) {
				throw new ConditionException("unterminated string starting at column " + (start + 1) + ": expected "
						+ quote + " before the end of the condition", start);
			}
			char c = this.text.charAt(i);
			if (c == quote) {
				break;
			}
			if (c == '\\') {
				i = escape(i, value);
			}
			else {
				value.append(c);
				i++;
			}
		}
		this.pos = i + 1;
		JsonNode literal = TextNode.valueOf(value.toString());
		this.tokens.add(new Token(Kind.STRING, this.text.substring(start, this.pos), start, literal));
	}

	private int escape(int backslash, StringBuilder value) {
		char next = (backslash + 1 < this.text.length()) ? this.text.charAt(backslash + 1) : 0;
		switch (next) {
			case '\\', '"', '\'', '/' -> value.append(next);
			case 'n' -> value.append('\n');
			case 't' -> value.append('\t');
			case 'r' -> value.append('\r');
			case 'u' -> {
				int end = backslash + 6;
				String hex = (end <= this.text.length()) ? this.text.substring(backslash + 2, end) : "";
				if (!hex.matches("[0-9a-fA-F]{4}")) {
					throw error("four hex digits after \\u", backslash + 2);
				}
				value.append((char) Integer.parseInt(hex, 16));
				return end;
			}
			default -> throw error("an escape such as \\\" \\' \\\\ \\n \\t \\r or \\uXXXX", backslash);
		}
		return backslash + 2;
	}

	private void symbol(char c) {
		int start = this.pos;
		for (String operator : List.of("==", "!=", "<=", ">=", "&&", "||")) {
			if (this.text.startsWith(operator, start)) {
				this.pos += 2;
				this.tokens.add(new Token(Kind.SYMBOL, operator, start, null));
				return;
			}
		}
		switch (c) {
			case '<', '>', '!', '(', ')', ',' -> {
				this.pos++;
				this.tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, null));
			}
			case '=' -> throw error("'==' (a single '=' is not an operator)", start);
			case '&' -> throw error("'&&'", start);
			case '|' -> throw error("'||'", start);
			default -> throw new ConditionException("unexpected character '" + c + "' at column " + (start + 1)
					+ ": expected a value (number, string, true, false, null, a path, contains(...), len(...)), "
					+ "an operator or a parenthesis", start);
		}
	}

	private int skipSpace(int from) {
		int i = from;
		while (i < this.text.length() && Character.isWhitespace(this.text.charAt(i))) {
			i++;
		}
		return i;
	}

	private ConditionException error(String expected, int position) {
		String found = (position < this.text.length()) ? "'" + this.text.charAt(position) + "'"
				: "the end of the condition";
		return new ConditionException("expected " + expected + " at column " + (position + 1) + " but found " + found,
				position);
	}

	private static boolean isWordStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

}
