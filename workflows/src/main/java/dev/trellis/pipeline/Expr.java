package dev.trellis.pipeline;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The syntax tree of a condition expression. Evaluation only reads the context and never fails:
 * a path that does not resolve is {@code null}, and operators on mismatched types give
 * {@code false}, so a router decides deterministically even on surprising output.
 */
sealed interface Expr {

	/** Evaluates to a JSON value; never {@code null} (a missing value is a missing node). */
	JsonNode eval(TemplateContext ctx);

	/** A number, string, boolean or null written in the condition. */
	record Literal(JsonNode value) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			return this.value;
		}

	}

	/** A value read from inputs, outputs or comments. */
	record Path(TemplateRef ref) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			ValuePath.Resolution resolution = ValuePath.resolve(this.ref, ctx);
			return resolution.found() ? resolution.value() : MissingNode.getInstance();
		}

	}

	/** {@code !operand}. */
	record Not(Expr operand) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			return BooleanNode.valueOf(!JsonValues.truthy(this.operand.eval(ctx)));
		}

	}

	/** {@code left && right}, evaluating {@code right} only when needed. */
	record And(Expr left, Expr right) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			return BooleanNode.valueOf(JsonValues.truthy(this.left.eval(ctx))
					&& JsonValues.truthy(this.right.eval(ctx)));
		}

	}

	/** {@code left || right}, evaluating {@code right} only when needed. */
	record Or(Expr left, Expr right) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			return BooleanNode.valueOf(JsonValues.truthy(this.left.eval(ctx))
					|| JsonValues.truthy(this.right.eval(ctx)));
		}

	}

	/** One of {@code == != < <= > >=}. */
	record Compare(String operator, Expr left, Expr right) implements Expr {

		static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "<", ">");

		@Override
		public JsonNode eval(TemplateContext ctx) {
			JsonNode a = this.left.eval(ctx);
			JsonNode b = this.right.eval(ctx);
			if ("==".equals(this.operator)) {
				return BooleanNode.valueOf(JsonValues.equal(a, b));
			}
			if ("!=".equals(this.operator)) {
				return BooleanNode.valueOf(!JsonValues.equal(a, b));
			}
			Integer order = JsonValues.compare(a, b);
			if (order == null) {
				return BooleanNode.FALSE;
			}
			return BooleanNode.valueOf(switch (this.operator) {
				case "<" -> order < 0;
				case "<=" -> order <= 0;
				case ">" -> order > 0;
				default -> order >= 0;
			});
		}

	}

	/**
	 * {@code contains(haystack, needle)}: substring for strings, an equal element for arrays, a
	 * key for objects; {@code false} otherwise.
	 */
	record Contains(Expr haystack, Expr needle) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			JsonNode in = this.haystack.eval(ctx);
			JsonNode what = this.needle.eval(ctx);
			if (in.isTextual() && what.isTextual()) {
				return BooleanNode.valueOf(in.textValue().contains(what.textValue()));
			}
			if (in.isArray()) {
				for (JsonNode element : in) {
					if (JsonValues.equal(element, what)) {
						return BooleanNode.TRUE;
					}
				}
				return BooleanNode.FALSE;
			}
			return BooleanNode.valueOf(in.isObject() && what.isTextual() && in.has(what.textValue()));
		}

	}

	/**
	 * {@code len(value)}: characters of a string (code points), elements of an array, fields of
	 * an object; 0 for anything else, including a missing value.
	 */
	record Len(Expr operand) implements Expr {

		@Override
		public JsonNode eval(TemplateContext ctx) {
			JsonNode value = this.operand.eval(ctx);
			if (value.isTextual()) {
				return IntNode.valueOf(value.textValue().codePointCount(0, value.textValue().length()));
			}
			return IntNode.valueOf(value.isContainerNode() ? value.size() : 0);
		}

	}

}
