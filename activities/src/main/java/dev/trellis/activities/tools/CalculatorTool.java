package dev.trellis.activities.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * {@code builtin:calculator}: evaluates arithmetic with a small recursive-descent parser, never a
 * script engine, so an expression can compute but never execute anything.
 *
 * <p>Grammar: numbers ({@code 1.5e3}), {@code + - * / %}, {@code ^} (power, right-associative),
 * unary minus, parentheses, constants {@code pi} and {@code e}, and functions {@code sqrt abs ln
 * log exp sin cos tan floor ceil round min max pow}.
 *
 * <pre>{@code {"expression": "2+3*4"}  ->  14}</pre>
 */
public class CalculatorTool implements BuiltinTool {

	static final int MAX_LENGTH = 1000;

	static final int MAX_DEPTH = 64;

	@Override
	public String id() {
		return "calculator";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		String expression = arguments.path("expression").asText("");
		double value = evaluate(expression);
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return LongNode.valueOf((long) value);
		}
		return DoubleNode.valueOf(value);
	}

	/** Evaluates an expression or throws a {@link ToolRefusal} explaining what is wrong with it. */
	public static double evaluate(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new ToolRefusal("InvalidExpression", "expression is empty");
		}
		if (expression.length() > MAX_LENGTH) {
			throw new ToolRefusal("InvalidExpression", "expression is longer than " + MAX_LENGTH + " characters");
		}
		Parser p = new Parser(expression);
		double v = p.expression();
		p.skipSpaces();
		if (p.pos < p.src.length()) {
			throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
		}
		if (Double.isNaN(v) || Double.isInfinite(v)) {
			throw new ToolRefusal("InvalidExpression", "the result is not a finite number");
		}
		return v;
	}

	private static final class Parser {

		private final String src;

		private int pos;

		private int depth;

		Parser(String src) {
			this.src = src;
		}

		double expression() {
			enter();
			double v = term();
			while (true) {
				if (eat('+')) {
					v += term();
				}
				else if (eat('-')) {
					v -= term();
				}
				else {
					depth--;
					return v;
				}
			}
		}

		double term() {
			double v = unary();
			while (true) {
				if (eat('*')) {
					v *= unary();
				}
				else if (eat('/')) {
					double d = unary();
					if (d == 0) {
						throw new ToolRefusal("InvalidExpression", "division by zero");
					}
					v /= d;
				}
				else if (eat('%')) {
					double d = unary();
					if (d == 0) {
						throw new ToolRefusal("InvalidExpression", "modulo by zero");
					}
					v %= d;
				}
				else {
					return v;
				}
			}
		}

		double unary() {
			if (eat('-')) {
				enter();
				double v = -unary();
				depth--;
				return v;
			}
			if (eat('+')) {
				return unary();
			}
			return power();
		}

		double power() {
			double base = primary();
			if (eat('^')) {
				enter();
				double exponent = unary();
				depth--;
				return Math.pow(base, exponent);
			}
			return base;
		}

		double primary() {
			skipSpaces();
			if (eat('(')) {
				double v = expression();
				expect(')');
				return v;
			}
			if (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
				return number();
			}
			if (pos < src.length() && Character.isLetter(src.charAt(pos))) {
				return named();
			}
			throw error(pos < src.length() ? "unexpected '" + src.charAt(pos) + "'" : "unexpected end of expression");
		}

		double number() {
			int start = pos;
			while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
				pos++;
			}
			if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E') && pos + 1 < src.length()
					&& (Character.isDigit(src.charAt(pos + 1)) || "+-".indexOf(src.charAt(pos + 1)) >= 0)) {
				pos += 2;
				while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
					pos++;
				}
			}
			try {
				return Double.parseDouble(src.substring(start, pos));
			}
			catch (NumberFormatException e) {
				throw error("malformed number '" + src.substring(start, pos) + "'");
			}
		}

		double named() {
			int start = pos;
			while (pos < src.length() && Character.isLetterOrDigit(src.charAt(pos))) {
				pos++;
			}
			String name = src.substring(start, pos).toLowerCase(Locale.ROOT);
			switch (name) {
				case "pi":
					return Math.PI;
				case "e":
					return Math.E;
				default:
					break;
			}
			expect('(');
			List<Double> args = new ArrayList<>();
			skipSpaces();
			if (!eat(')')) {
				do {
					args.add(expression());
				}
				while (eat(','));
				expect(')');
			}
			return apply(name, args);
		}

		double apply(String name, List<Double> a) {
			return switch (name) {
				case "sqrt" -> one(name, a, Math::sqrt);
				case "abs" -> one(name, a, Math::abs);
				case "ln" -> one(name, a, Math::log);
				case "log" -> one(name, a, Math::log10);
				case "exp" -> one(name, a, Math::exp);
				case "sin" -> one(name, a, Math::sin);
				case "cos" -> one(name, a, Math::cos);
				case "tan" -> one(name, a, Math::tan);
				case "floor" -> one(name, a, Math::floor);
				case "ceil" -> one(name, a, Math::ceil);
				case "round" -> one(name, a, v -> (double) Math.round(v));
				case "min" -> a.stream().mapToDouble(Double::doubleValue).min().orElseThrow(() -> arity(name));
				case "max" -> a.stream().mapToDouble(Double::doubleValue).max().orElseThrow(() -> arity(name));
				case "pow" -> {
					if (a.size() != 2) {
						throw arity(name);
					}
					yield Math.pow(a.get(0), a.get(1));
				}
				default -> throw new ToolRefusal("InvalidExpression", "unknown function or constant '" + name
						+ "'; known: sqrt abs ln log exp sin cos tan floor ceil round min max pow, pi, e");
			};
		}

		private double one(String name, List<Double> a, DoubleUnaryOperator f) {
			if (a.size() != 1) {
				throw arity(name);
			}
			return f.applyAsDouble(a.get(0));
		}

		private ToolRefusal arity(String name) {
			return new ToolRefusal("InvalidExpression", "wrong number of arguments for " + name + "()");
		}

		private void enter() {
			if (++depth > MAX_DEPTH) {
				throw new ToolRefusal("InvalidExpression", "expression is nested too deeply");
			}
		}

		boolean eat(char c) {
			skipSpaces();
			if (pos < src.length() && src.charAt(pos) == c) {
				pos++;
				return true;
			}
			return false;
		}

		void expect(char c) {
			if (!eat(c)) {
				throw error("expected '" + c + "'");
			}
		}

		void skipSpaces() {
			while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
				pos++;
			}
		}

		ToolRefusal error(String what) {
			return new ToolRefusal("InvalidExpression", what + " at position " + (pos + 1) + " of '" + src + "'");
		}

	}

}
