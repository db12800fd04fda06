package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.trellis.pipeline.ConditionLexer.Kind;
import dev.trellis.pipeline.ConditionLexer.Token;

/**
 * Recursive-descent parser for condition expressions. Precedence, loosest first: {@code ||},
 * {@code &&}, one comparison (not chained), {@code !}, then values and parentheses.
 */
final class ConditionParser {

	/** Nesting beyond this is refused so that parsing can never exhaust the stack. */
	private static final int MAX_NESTING = 64;

	private static final String VALUE = "a value (number, string, true, false, null, a path such as "
			+ "nodes.<id>.output.field or inputs.<name>, contains(...), len(...), '!' or '(')";

	private static final Set<String> WHOLE_CONDITION_WORDS = Set.of("approved", "rejected", "else", "default");

	private final List<Token> tokens;

	private final Set<TemplateRef> references = new LinkedHashSet<>();

	private int next;

	private int nesting;

	/** A parsed expression and the values it reads, in order of first appearance. */
	record Result(Expr expr, List<TemplateRef> references) {
	}

	private ConditionParser(List<Token> tokens) {
		this.tokens = tokens;
	}

	static Result parse(String text) {
		ConditionParser parser = new ConditionParser(ConditionLexer.tokenize(text));
		if (parser.peek().kind() == Kind.END) {
			throw new ConditionException("expected a condition at column 1 but found an empty text", 0);
		}
		Expr expr = parser.or();
		Token end = parser.peek();
		if (end.kind() != Kind.END) {
			throw parser.expected("'&&', '||' or the end of the condition", end);
		}
		return new Result(expr, List.copyOf(parser.references));
	}

	private Expr or() {
		Expr left = and();
		while (peek().is("||")) {
			this.next++;
			left = new Expr.Or(left, and());
		}
		return left;
	}

	private Expr and() {
		Expr left = comparison();
		while (peek().is("&&")) {
			this.next++;
			left = new Expr.And(left, comparison());
		}
		return left;
	}

	private Expr comparison() {
		Expr left = unary();
		Token operator = peek();
		if (operator.kind() != Kind.SYMBOL || !Expr.Compare.OPERATORS.contains(operator.text())) {
			return left;
		}
		this.next++;
		Expr result = new Expr.Compare(operator.text(), left, unary());
		Token chained = peek();
		if (chained.kind() == Kind.SYMBOL && Expr.Compare.OPERATORS.contains(chained.text())) {
			throw new ConditionException("comparisons cannot be chained at column " + (chained.position() + 1)
					+ ": combine them with && or ||", chained.position());
		}
		return result;
	}

	private Expr unary() {
		if (peek().is("!")) {
			Token bang = take();
			enter(bang);
			Expr operand = unary();
			this.nesting--;
			return new Expr.Not(operand);
		}
		return primary();
	}

	private Expr primary() {
		Token token = take();
		switch (token.kind()) {
			case NUMBER, STRING -> {
				return new Expr.Literal((JsonNode) token.value());
			}
			case PATH -> {
				TemplateRef ref = (TemplateRef) token.value();
				this.references.add(ref);
				return new Expr.Path(ref);
			}
			case WORD -> {
				return word(token);
			}
			default -> {
				if (token.is("(")) {
					enter(token);
					Expr inner = or();
					expect(")", "')' to close the '(' at column " + (token.position() + 1));
					this.nesting--;
					return inner;
				}
				throw expected(VALUE, token);
			}
		}
	}

	private Expr word(Token token) {
		switch (token.text()) {
			case "true" -> {
				return new Expr.Literal(BooleanNode.TRUE);
			}
			case "false" -> {
				return new Expr.Literal(BooleanNode.FALSE);
			}
			case "null" -> {
				return new Expr.Literal(NullNode.getInstance());
			}
			case "contains" -> {
				List<Expr> args = arguments(token, 2, "contains(haystack, needle)");
				return new Expr.Contains(args.get(0), args.get(1));
			}
			case "len" -> {
				return new Expr.Len(arguments(token, 1, "len(value)").get(0));
			}
			default -> throw unknownWord(token);
		}
	}

	private ConditionException unknownWord(Token token) {
		String column = " at column " + (token.position() + 1);
		if (WHOLE_CONDITION_WORDS.contains(token.text())) {
			return new ConditionException("'" + token.text() + "'" + column
					+ " can only be the whole condition, not part of an expression", token.position());
		}
		if (TemplateRef.NODES.equals(token.text()) || TemplateRef.INPUTS.equals(token.text())) {
			return new ConditionException("incomplete path" + column + ": expected nodes.<id>.output..., "
					+ "nodes.<id>.comment or inputs.<name>", token.position());
		}
		return new ConditionException("unknown name '" + token.text() + "'" + column + ": expected " + VALUE,
				token.position());
	}

	private List<Expr> arguments(Token function, int count, String usage) {
		enter(function);
		expect("(", "'(' after '" + function.text() + "'");
		List<Expr> args = new ArrayList<>();
		if (!peek().is(")")) {
			args.add(or());
			while (peek().is(",")) {
				this.next++;
				args.add(or());
			}
		}
		expect(")", "',' or ')' in the arguments of " + function.text() + " at column " + (function.position() + 1));
		this.nesting--;
		if (args.size() != count) {
			throw new ConditionException(function.text() + " at column " + (function.position() + 1) + " takes "
					+ count + " argument" + (count == 1 ? "" : "s") + " but got " + args.size() + "; usage: " + usage,
					function.position());
		}
		return args;
	}

	private void enter(Token token) {
		if (++this.nesting > MAX_NESTING) {
			throw new ConditionException(
					"expression nested more than " + MAX_NESTING + " levels deep at column " + (token.position() + 1),
					token.position());
		}
	}

	private void expect(String symbol, String description) {
		Token token = peek();
		if (!token.is(symbol) || token.kind() != Kind.SYMBOL) {
			throw expected(description, token);
		}
		this.next++;
	}

	private ConditionException expected(String description, Token found) {
		return new ConditionException("expected " + description + " at column " + (found.position() + 1)
				+ " but found " + found.describe(), found.position());
	}

	private Token peek() {
		return this.tokens.get(this.next);
	}

	private Token take() {
		Token token = this.tokens.get(this.next);
		if (token.kind() != Kind.END) {
			this.next++;
		}
		return token;
	}

}
